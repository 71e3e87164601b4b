// Shared plumbing of the system-instruction semantics: the trap engine's context built from the
// core's registers, and taking the engine's verdict (UNDEFINED or a trap with its syndrome).
// These paths are cold (system instructions), so BigInt and a small object per call are fine.

import type { Cpu } from '../cpu';
import { slotOf } from '../sysregs/index';
import { esrFor, type AccessResult, type El, type TrapCtx } from '../traps/index';

/** Storage slots of the control registers the trap engine reads. */
export const CTL = {
  HCR_EL2: slotOf('HCR_EL2'), CPTR_EL2: slotOf('CPTR_EL2'), MDCR_EL2: slotOf('MDCR_EL2'), CPACR_EL1: slotOf('CPACR_EL1'),
  CNTHCTL_EL2: slotOf('CNTHCTL_EL2'), SCTLR_EL1: slotOf('SCTLR_EL1'), SCTLR_EL2: slotOf('SCTLR_EL2'),
  CNTKCTL_EL1: slotOf('CNTKCTL_EL1'), PMUSERENR_EL0: slotOf('PMUSERENR_EL0'), MDSCR_EL1: slotOf('MDSCR_EL1'),
  PAR_EL1: slotOf('PAR_EL1'), CSSELR_EL1: slotOf('CSSELR_EL1'), CNTVOFF_EL2: slotOf('CNTVOFF_EL2'),
  OSLSR_EL1: slotOf('OSLSR_EL1'), DBGCLAIMCLR_EL1: slotOf('DBGCLAIMCLR_EL1'),
  ICH_HCR_EL2: slotOf('ICH_HCR_EL2'), ICC_SRE_EL2: slotOf('ICC_SRE_EL2'),
} as const;

export const HCR = { TGE: 1n << 27n, E2H: 1n << 34n, DC: 1n << 12n, VM: 1n } as const;

/** The trap engine's view of the core (traps/types.ts TrapCtx). */
export function trapCtx(c: Cpu): TrapCtx {
  const s = c.sys;
  return {
    el: c.el as El, hcr: s[CTL.HCR_EL2], cptr: s[CTL.CPTR_EL2], mdcr: s[CTL.MDCR_EL2], cpacr: s[CTL.CPACR_EL1],
    cnthctl: s[CTL.CNTHCTL_EL2], sctlr: s[CTL.SCTLR_EL1], sctlrEl2: s[CTL.SCTLR_EL2], cntkctl: s[CTL.CNTKCTL_EL1],
    pmuserenr: s[CTL.PMUSERENR_EL0], mdscr: s[CTL.MDSCR_EL1], ichHcr: s[CTL.ICH_HCR_EL2], iccSreEl2: s[CTL.ICC_SRE_EL2], cfg: c.cfg,
  };
}

/**
 * Applies a non-'ok' verdict: UNDEFINED (EC 0x00, counted under `cls`) or the trap, taken with
 * the preferred return address of the instruction itself (ARM ARM AArch64.SystemAccessTrap).
 * Returns true when an exception was taken.
 */
export function applyVerdict(c: Cpu, r: AccessResult, cls: string, rt = 0): boolean {
  if (r.kind === 'ok') return false;
  if (r.kind === 'undefined') c.undefinedInstruction(cls);
  else c.raiseSync(r.targetEl, Number(esrFor(r, rt)), 0, 0, false);
  return true;
}

/** Preferred return address of SVC/HVC/SMC exceptions: the next instruction (into c.t). */
export function nextPc(c: Cpu): Uint32Array {
  const lo = (c.pcLo + 4) >>> 0;
  c.t[0] = lo;
  c.t[1] = lo < 4 ? (c.pcHi + 1) >>> 0 : c.pcHi;
  return c.t;
}

/** Xt as a bigint (XZR reads zero: register 31's slots stay zero). */
export const xBig = (c: Cpu, n: number): bigint => c.xBig(n);

/** Writes a bigint to Xt (discarded for XZR). */
export function setXFromBig(c: Cpu, n: number, v: bigint): void {
  c.setX(n, Number(v & 0xffffffffn), Number((v >> 32n) & 0xffffffffn));
}
