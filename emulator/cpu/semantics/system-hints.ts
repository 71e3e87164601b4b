// Hints, barriers and PSTATE writes (ARM ARM C4.1.87 "System instructions": hints C6.2.132,
// barriers C6.2.87/82/151, CLREX C6.2.56, MSR (immediate) C6.2.229). The CPU is a Cortex-A57
// (Armv8.0 + VHE): hints of later extensions execute as NOP (the hint space guarantees it), while
// non-hint encodings of later extensions (SB, DSB nXS, PAN/UAO/DIT/... fields, CFINV, WFET, TME)
// are UNDEFINED, as in QEMU's translate-a64.c when the feature is absent.

import { EC, IL } from '../exceptions';
import { checkWfx } from '../traps/index';
import type { Cpu } from '../cpu';
import { applyVerdict, CTL, HCR, trapCtx } from './system-ctx';
import type { Exec, SemanticsTable } from './types';

const nop: Exec = () => {};
const NOP = (): Exec => nop;
const undef = (cls: string): Exec => (c) => c.undefinedInstruction(cls);

/** WFI/WFE (C6.2.393/391): traps first (AArch64.CheckForWFxTrap), then the core sleeps. */
function wfx(isWfe: boolean): Exec {
  return (c) => {
    // WFE with the event register set completes without a trap check (C6.2.391 pseudocode).
    if (isWfe && c.eventRegister) { c.eventRegister = 0; return; }
    if (c.el < 2 && applyVerdict(c, checkWfx(trapCtx(c), isWfe), 'sys/hint')) return;
    // The run loop sleeps until an interrupt (or, for WFE, an event) arrives; PC moves past the
    // WFx first, so an interrupt taken on wake-up returns after it.
    c.waiting = isWfe ? 'wfe' : 'wfi';
  };
}

const SCTLR_UMA = 1n << 9n;

/**
 * MSR DAIFSet/DAIFClr at EL0 needs SCTLR_EL1.UMA (SCTLR_EL2.UMA for a host EL0); otherwise it
 * traps as an MSR with op0=0, op1, CRn=4, CRm=imm, op2, Rt=31 (EC 0x18) to EL1, or EL2 when
 * HCR_EL2.TGE=1 (ARM ARM C6.2.229 pseudocode; QEMU daif_check). Known QEMU 7.2 divergence: its
 * syndrome swaps op1 and op2 (op1=6, op2=3); we raise the ARM ARM encoding (test/cpu/system-oracle).
 */
function daifTrapped(c: Cpu, op2: number, crm: number): boolean {
  if (c.el !== 0) return false;
  const hcr = c.sys[CTL.HCR_EL2];
  const host = (hcr & (HCR.E2H | HCR.TGE)) === (HCR.E2H | HCR.TGE);
  const sctlr = host ? c.sys[CTL.SCTLR_EL2] : c.sys[CTL.SCTLR_EL1];
  if ((sctlr & SCTLR_UMA) !== 0n) return false;
  const iss = (0 << 20) | (op2 << 17) | (3 << 14) | (4 << 10) | (31 << 5) | (crm << 1);
  c.raiseSync((hcr & HCR.TGE) !== 0n ? 2 : 1, (EC.SYS64 << 26) | IL | iss, 0, 0, false);
  return true;
}

/** MSR (immediate) by op1:op2 (C6.2.229); fields of extensions the A57 lacks are UNDEFINED. */
function msrImm(op1: number, op2: number, crm: number): Exec {
  if (op1 === 0 && op2 === 5) {
    // SPSel: UNDEFINED at EL0 (QEMU trans_MSR_i_SPSEL). The banked SPs stay in c.spRegs.
    const v = crm & 1;
    return (c) => { if (c.el === 0) c.undefinedInstruction('sys/pstate'); else c.spsel = v; };
  }
  if (op1 === 3 && op2 === 6) return (c) => { if (!daifTrapped(c, op2, crm)) c.daif |= crm; };
  if (op1 === 3 && op2 === 7) return (c) => { if (!daifTrapped(c, op2, crm)) c.daif &= ~crm & 0xf; };
  // PAN (v8.1), UAO (v8.2), DIT (v8.4), SSBS (v8.5), TCO (MTE), ALLINT (NMI), SVCR (SME).
  return undef('sys/pstate');
}

export const HINT_SEMANTICS: SemanticsTable = {
  // Unallocated hints (and every hint of an absent extension) execute as NOP (C6.2.132).
  HINT: NOP, NOP: NOP, DGH: NOP,
  // YIELD: a scheduling hint; cores are interleaved by a fixed quantum, so nothing to do.
  YIELD: NOP,
  WFE: () => wfx(true),
  WFI: () => wfx(false),
  // SEV: the event register of every core is set (the machine's hook); SEVL: this core's only.
  SEV: (): Exec => (c) => { if (c.sendEvent !== null) c.sendEvent(c); else c.eventRegister = 1; },
  SEVL: (): Exec => (c) => { c.eventRegister = 1; },
  // Hints of absent extensions: RAS (ESB), SPE (PSB), TRF (TSB), CLRBHB, BTI, PAuth hint forms.
  // CSDB is v8.0: with no value speculation in this model it is a NOP too.
  XPACLRI: NOP, PACIA1716: NOP, PACIB1716: NOP, AUTIA1716: NOP, AUTIB1716: NOP,
  ESB: NOP, PSB: NOP, TSB: NOP, CSDB: NOP, CLRBHB: NOP, BTI: NOP,
  PACIAZ: NOP, PACIASP: NOP, PACIBZ: NOP, PACIBSP: NOP, AUTIAZ: NOP, AUTIASP: NOP, AUTIBZ: NOP, AUTIBSP: NOP,

  // C6.2.56 CLREX: clears the local exclusive monitor.
  CLREX: (): Exec => (c) => { c.exclusivePa = -1; },
  // DSB/DMB/ISB (SSBB/PSSBB are DSB aliases): no-ops in this sequential, in-order model where
  // every access completes before the next instruction. NOTE for a block translator: ISB (context
  // synchronization) and DSB must end a decoded block, so system register writes before them are
  // seen by the instructions after them.
  DSB: NOP, DMB: NOP, ISB: NOP,
  // FEAT_XS, FEAT_SB and FEAT_TME are absent on the A57: UNDEFINED (QEMU trans_DSB_nXS/SB).
  DSB_nXS: () => undef('feature:xs'),
  SB: () => undef('feature:sb'),
  TCOMMIT: () => undef('feature:tme'),
  TSTART: () => undef('feature:tme'),
  TTEST: () => undef('feature:tme'),

  MSR_imm: (f) => msrImm(f('op1'), f('op2'), f('CRm')),
  // FEAT_FlagM/FlagM2 (v8.4/v8.5) and FEAT_WFxT (v8.7): UNDEFINED on the A57.
  CFINV: () => undef('feature:flagm'),
  XAFLAG: () => undef('feature:flagm2'),
  AXFLAG: () => undef('feature:flagm2'),
  WFET: () => undef('feature:wfxt'),
  WFIT: () => undef('feature:wfxt'),
};
