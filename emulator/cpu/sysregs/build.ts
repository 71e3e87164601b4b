// The row builder: fills the defaults a row would otherwise repeat. Access direction and
// encoding are taken from the isa table (never restated here); minEl is derived from op1
// (ARM ARM C5.1.2 "op1 encodes the lowest EL that can access the register") in index.ts.

import { sysregByName } from '../../isa/sysregs';
import { ALL64, type CpuFeature, type El0Access, type RegClass, type SysRegBehavior, type SysRegHook } from './types';

export interface RowOpts {
  reset?: bigint;
  /** Writable bits; default all 64 (or none for a read-only register). */
  w?: bigint;
  res1?: bigint;
  ro?: bigint;
  e2h?: { writable: bigint; res1: bigint };
  hook?: SysRegHook;
  feature?: CpuFeature;
  el0?: El0Access;
  cls?: RegClass;
  minEl?: 0 | 1 | 2;
  writeMinEl?: 1 | 2;
}

/** Lowest EL by op1 (C5.1.2): 0,1,2 → EL1; 3 → EL0; 4,5 → EL2; 6 → EL3; 7 → Secure EL1. */
export const MIN_EL_BY_OP1: readonly (0 | 1 | 2 | 3)[] = [1, 1, 1, 0, 2, 2, 3, 3];

export function row(name: string, o: RowOpts = {}): SysRegBehavior {
  const def = sysregByName(name);
  if (!def || def.name !== name) throw new Error(`sysreg behaviour: '${name}' is not spelled as in the isa table`);
  const minOp1 = MIN_EL_BY_OP1[def.op1];
  if (minOp1 === 3) throw new Error(`sysreg behaviour: '${name}' is an EL3/Secure register; this CPU has no EL3`);
  const readOnly = def.access === 'ro';
  const reset = o.reset ?? 0n;
  return {
    name,
    reset,
    writable: readOnly ? 0n : (o.w ?? ALL64),
    res1: o.res1 ?? 0n,
    readOnlyBits: o.ro ?? 0n,
    ...(o.e2h ? { e2h: o.e2h } : {}),
    minEl: o.minEl ?? minOp1,
    ...(o.writeMinEl ? { writeMinEl: o.writeMinEl } : {}),
    ...(o.el0 ? { el0: o.el0 } : {}),
    readOnly,
    writeOnly: def.access === 'wo',
    ...(o.feature ? { feature: o.feature } : {}),
    ...(o.hook ? { hook: o.hook } : {}),
    ...(o.cls ? { cls: o.cls } : {}),
  };
}

/** The same options for several registers. */
export function rows(names: readonly string[], o: RowOpts = {}): SysRegBehavior[] {
  return names.map((n) => row(n, o));
}
