// PSTATE views, banked SPSR/ELR/SP and the EL1/EL0 control registers of an Armv8.0 CPU.
// Write masks follow the ARM ARM v8.0 layouts (D19.2.118 SCTLR_EL1, D19.2.139 TCR_EL1,
// D19.2.29 CPACR_EL1); fields of later extensions we do not implement are RES0.

import { row, rows } from './build';
import { A57 } from './rows-id';
import { ALL32, ALL64, bits, type SysRegBehavior } from './types';

/** SCTLR_EL1 (v8.0): M A C SA SA0 CP15BEN ITD SED UMA I DZE UCT nTWI nTWE WXN E0E EE UCI. */
export const SCTLR_EL1_W = bits(0, 1, 2, 3, 4, 5, 7, 8, 9, 12, 14, 15, 16, 18, 19, 24, 25, 26);
export const SCTLR_EL1_RES1 = bits(11, 20, 22, 23, 28, 29);
/** TCR_EL1 (v8.0): T0SZ..TG1, IPS, AS, TBI0, TBI1 (HA/HD and later are RES0). */
export const TCR_EL1_W = bits([5, 0], [38, 7]) & ~bits(35);
/** CPACR_EL1: FPEN (21:20), TTA (28). */
export const CPACR_EL1_W = bits([21, 20], 28);
/** SPSR_ELx: the 32-bit PSTATE image (AArch32 forms included, EL1 may be AArch32). */
const SPSR_W = ALL32;
/** VBAR_ELx: bits 10:0 RES0 (2KB-aligned table). */
export const VBAR_W = ALL64 & ~bits([10, 0]);
/** TTBRn: BADDR 47:1 and ASID 63:48; CnP (bit 0) is FEAT_TTCNP. */
export const TTBR_W = ALL64 & ~1n;

const SPECIAL: SysRegBehavior[] = [
  row('SPSR_EL1', { w: SPSR_W }),
  row('ELR_EL1'),
  row('SP_EL0', { hook: 'sp' }),
  row('SPSel', { w: 1n, hook: 'pstate' }),
  row('CurrentEL', { hook: 'pstate' }),
  // DAIF is EL0-accessible only with SCTLR_EL1.UMA (traps/rules.ts); NZCV always.
  row('DAIF', { w: bits([9, 6]), hook: 'pstate', el0: 'rw' }),
  row('NZCV', { w: bits([31, 28]), hook: 'pstate', el0: 'rw' }),
  // FPCR: AHP DN FZ RMode Stride Len (v8.0). FZ16 (bit 19) is RES0 without FEAT_FP16, and the
  // trap enables IDE/IXE/UFE/OFE/DZE/IOE read as zero on a Cortex-A57, which has no FP exception
  // trapping (as QEMU's cortex-a57: all-ones reads back 0x07f70000).
  row('FPCR', { w: bits([26, 20], [18, 16]), el0: 'rw', cls: 'fp' }),
  row('FPSR', { w: bits([31, 27], 7, [4, 0]), el0: 'rw', cls: 'fp' }),
  row('SPSR_EL2', { w: SPSR_W }),
  row('ELR_EL2'),
  row('SP_EL1', { hook: 'sp' }),
  // AArch32 banked SPSRs: exist at EL2 when EL1 can be AArch32 (ID_AA64PFR0.EL1 = 2).
  row('SPSR_irq', { w: SPSR_W, feature: 'aarch32el1' }),
  row('SPSR_abt', { w: SPSR_W, feature: 'aarch32el1' }),
  row('SPSR_und', { w: SPSR_W, feature: 'aarch32el1' }),
  row('SPSR_fiq', { w: SPSR_W, feature: 'aarch32el1' }),
];

const EL1: SysRegBehavior[] = [
  // QEMU resets SCTLR to 0x00c50838; RES1 bits read as 1 architecturally, so they are ORed in.
  row('SCTLR_EL1', { reset: A57.SCTLR | SCTLR_EL1_RES1, w: SCTLR_EL1_W, res1: SCTLR_EL1_RES1 }),
  row('ACTLR_EL1'),
  row('CPACR_EL1', { w: CPACR_EL1_W }),
  row('TTBR0_EL1', { w: TTBR_W }),
  row('TTBR1_EL1', { w: TTBR_W }),
  row('TCR_EL1', { w: TCR_EL1_W }),
  row('AFSR0_EL1', { w: ALL32 }),
  row('AFSR1_EL1', { w: ALL32 }),
  row('ESR_EL1', { w: ALL32 }),
  row('FAR_EL1'),
  // PAR_EL1: bit 10 is RES0 in both layouts; AT writes the whole register.
  row('PAR_EL1', { w: ALL64 & ~bits([10, 10]) }),
  row('MAIR_EL1'),
  row('AMAIR_EL1'),
  row('VBAR_EL1', { w: VBAR_W }),
  row('ISR_EL1', { hook: 'isr' }),
  row('CONTEXTIDR_EL1', { w: ALL32 }),
  row('TPIDR_EL1'),
  row('TPIDR_EL0', { el0: 'rw' }),
  // EL0 reads only (MSR at EL0 is UNDEFINED, D19.2.146).
  row('TPIDRRO_EL0', { el0: 'ro' }),
];

export const EL1_ROWS: SysRegBehavior[] = [...SPECIAL, ...EL1];

/** AArch32 EL1 state that a 64-bit hypervisor saves for 32-bit guests (exists with AArch32 EL1). */
export const AARCH32_EL1_ROWS: SysRegBehavior[] = rows(['DACR32_EL2', 'IFSR32_EL2', 'FPEXC32_EL2'], { w: ALL32, feature: 'aarch32el1' });
