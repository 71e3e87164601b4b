// Register redirection: which storage an MRS/MSR reaches after VHE and virtual-ID rules.
// ARM ARM D5.4 "Virtualization Host Extensions": with HCR_EL2.E2H=1, EL2 accesses to the
// *_EL1 (and EL0 timer) encodings reach the EL2 registers, and the *_EL12/*_EL02 encodings
// (op1=5) reach the real EL1/EL0 registers; those aliases are UNDEFINED unless E2H=1 at EL2.
// D19.2.116/119 MIDR_EL1/MPIDR_EL1: EL1 reads return VPIDR_EL2/VMPIDR_EL2 (EL2 is enabled).

import { SYSREG_ROWS } from '../../isa/sysregs/index';
import { encodeSysreg } from '../../isa/sysregs';
import { behaviorByEncoding, behaviorByName, isImplemented, SLOT_RAZ, slotOf, defaultConfig, type SysRegBehavior } from '../sysregs/index';
import { bit, el0InHost, type TrapCtx } from './types';

const timers = (from: string, to: string): [string, string][] =>
  ['TVAL', 'CTL', 'CVAL'].map((k) => [`${from}_${k}_EL0`, `${to}_${k}_EL2`]);

/** EL2 with E2H=1: *_EL1 / EL0-timer encodings → EL2 registers (ARM ARM Table D5-? "redirected registers"). */
export const VHE_EL2_REDIRECT: ReadonlyMap<string, string> = new Map([
  ['SCTLR_EL1', 'SCTLR_EL2'], ['CPACR_EL1', 'CPTR_EL2'], ['TTBR0_EL1', 'TTBR0_EL2'], ['TTBR1_EL1', 'TTBR1_EL2'],
  ['TCR_EL1', 'TCR_EL2'], ['AFSR0_EL1', 'AFSR0_EL2'], ['AFSR1_EL1', 'AFSR1_EL2'], ['ESR_EL1', 'ESR_EL2'],
  ['FAR_EL1', 'FAR_EL2'], ['MAIR_EL1', 'MAIR_EL2'], ['AMAIR_EL1', 'AMAIR_EL2'], ['VBAR_EL1', 'VBAR_EL2'],
  ['CONTEXTIDR_EL1', 'CONTEXTIDR_EL2'], ['CNTKCTL_EL1', 'CNTHCTL_EL2'], ['ELR_EL1', 'ELR_EL2'], ['SPSR_EL1', 'SPSR_EL2'],
  ...timers('CNTP', 'CNTHP'), ...timers('CNTV', 'CNTHV'),
]);

/** EL0 in the host regime (E2H=TGE=1): the EL0 timer encodings reach the EL2 timers. */
export const VHE_HOST_EL0_REDIRECT: ReadonlyMap<string, string> = new Map([...timers('CNTP', 'CNTHP'), ...timers('CNTV', 'CNTHV')]);

/** EL1 reads of the identification registers see the hypervisor's virtual values. */
export const VIRTUAL_ID_REDIRECT: ReadonlyMap<string, string> = new Map([['MIDR_EL1', 'VPIDR_EL2'], ['MPIDR_EL1', 'VMPIDR_EL2']]);

/** *_EL12 / *_EL02 (op1=5) encodings → the EL1/EL0 register they reach, from the isa table. */
const aliasByEnc = new Map<number, string>();
for (const d of SYSREG_ROWS) {
  if (d.op1 === 5 && /_EL(12|02)$/.test(d.name)) aliasByEnc.set(encodeSysreg(d.op0, d.op1, d.crn, d.crm, d.op2), d.name.replace(/_EL12$/, '_EL1').replace(/_EL02$/, '_EL0'));
}

export function vheAliasTarget(enc: number): string | undefined {
  return aliasByEnc.get(enc);
}

/** op0=3, op1=0, CRn=0, CRm=1..7: reserved ID encodings read as zero (ARM ARM D19.1, "ID space"). */
export function isReservedIdSpace(enc: number): boolean {
  const op0 = enc >> 14, op1 = (enc >> 11) & 7, crn = (enc >> 7) & 15, crm = (enc >> 3) & 15;
  return op0 === 3 && op1 === 0 && crn === 0 && crm >= 1 && crm <= 7;
}

export interface ResolvedSysreg {
  /** The register accessed after redirection (undefined for a RAZ encoding). */
  readonly row?: SysRegBehavior;
  readonly slot: number;
  /** Writes use the E2H layout of the row (CPTR_EL2, CNTHCTL_EL2, SCTLR_EL2, TCR_EL2 under VHE). */
  readonly e2hLayout: boolean;
  /** Which redirection applied, for traces and the debugger. */
  readonly via?: 'vhe' | 'alias' | 'host-el0' | 'virtual-id';
}

const E2H_BIT = 34;

/**
 * The storage an access reaches, or undefined when the encoding names no register this CPU
 * implements in this context (the access is UNDEFINED). Access permissions and traps are the
 * engine's job (checkSysregAccess), to be called first.
 */
export function resolveSysreg(ctx: TrapCtx, enc: number): ResolvedSysreg | undefined {
  const cfg = ctx.cfg ?? defaultConfig();
  const e2h = bit(ctx.hcr, E2H_BIT);
  const pick = (name: string | undefined, via?: ResolvedSysreg['via']): ResolvedSysreg | undefined => {
    const row = name === undefined ? undefined : behaviorByName(name);
    if (!row || !isImplemented(row, cfg)) return undefined;
    return { row, slot: slotOf(row.name), e2hLayout: e2h && row.e2h !== undefined, ...(via ? { via } : {}) };
  };
  const alias = vheAliasTarget(enc);
  if (alias !== undefined) return ctx.el === 2 && e2h ? pick(alias, 'alias') : undefined;
  const row = behaviorByEncoding(enc);
  if (!row) return isReservedIdSpace(enc) && ctx.el >= 1 ? { slot: SLOT_RAZ, e2hLayout: false } : undefined;
  if (ctx.el === 2 && e2h && VHE_EL2_REDIRECT.has(row.name)) return pick(VHE_EL2_REDIRECT.get(row.name), 'vhe');
  if (el0InHost(ctx) && VHE_HOST_EL0_REDIRECT.has(row.name)) return pick(VHE_HOST_EL0_REDIRECT.get(row.name), 'host-el0');
  if (ctx.el === 1 && VIRTUAL_ID_REDIRECT.has(row.name)) return pick(VIRTUAL_ID_REDIRECT.get(row.name), 'virtual-id');
  return pick(row.name);
}

/** The storage slot an MRS/MSR reaches (see resolveSysreg), or undefined if UNDEFINED. */
export function resolveSysregTarget(ctx: TrapCtx, enc: number): number | undefined {
  return resolveSysreg(ctx, enc)?.slot;
}
