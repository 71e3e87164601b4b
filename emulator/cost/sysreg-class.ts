// Which access class (table.ts SYSREG_COST) each implemented system register belongs to, from
// its behaviour row (the row's hook and register class) and, for the EL2 controls the paper's
// save/restore table singles out, its name. Every row of SYSREG_BEHAVIORS maps to a class
// (test/cost/table.test.ts), and the MRS/MSR executors charge the class's cost per access.

import type { SysRegBehavior } from '../cpu/sysregs/types';
import { INSN_COST, SYSREG_COST, type SysregClass } from './table';

/** [Dall et al. Table IV] "EL2 configuration registers": the trap controls KVM's world switch writes. */
const EL2_CONFIG = new Set(['HCR_EL2', 'CPTR_EL2', 'HSTR_EL2', 'MDCR_EL2', 'HACR_EL2', 'VPIDR_EL2', 'VMPIDR_EL2']);
/** [Table IV] "EL2 virtual memory registers": the stage 2 context. */
const EL2_VM = new Set(['VTTBR_EL2', 'VTCR_EL2']);

/** [test over the row, class]: the first match wins; anything else is a plain register. */
const RULES: readonly (readonly [(r: SysRegBehavior) => boolean, SysregClass])[] = [
  [(r) => r.hook === 'pstate', 'pstate'],
  [(r) => r.cls === 'fp', 'fp'],
  [(r) => EL2_CONFIG.has(r.name), 'el2-config'],
  [(r) => EL2_VM.has(r.name), 'el2-vm'],
  // The generic timer's registers, its EL2 controls included (Table IV's timer class holds
  // CNTHCTL_EL2 and CNTVOFF_EL2 next to CNTV_CTL/CVAL).
  [(r) => r.cls === 'timer' || r.name.startsWith('CNT'), 'timer'],
  [(r) => r.cls === 'gic' || /^IC[CHV]_/.test(r.name), 'gic'],
  [(r) => r.cls === 'pmu', 'pmu'],
  [(r) => r.cls === 'id', 'id'],
  [(r) => r.cls === 'debug', 'debug'],
];

export function sysregClass(r: SysRegBehavior): SysregClass {
  for (const [test, cls] of RULES) if (test(r)) return cls;
  return 'plain';
}

const cache = new Map<SysRegBehavior, readonly [number, number]>();

/**
 * The cycles an MRS (`write` false) or MSR of `r` adds beyond the MRS/MSR issue cycle the decoded
 * page already charged (INSN_COST.sysreg): the class total minus that.
 */
export function sysregAccessCost(r: SysRegBehavior, write: boolean): number {
  let c = cache.get(r);
  if (c === undefined) {
    const k = SYSREG_COST[sysregClass(r)];
    c = [Math.max(0, k.read - INSN_COST.sysreg), Math.max(0, k.write - INSN_COST.sysreg)];
    cache.set(r, c);
  }
  return write ? c[1] : c[0];
}
