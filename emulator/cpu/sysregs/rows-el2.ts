// EL2 (hypervisor) registers of an Armv8.0 + FEAT_VHE CPU with no EL3. Masks follow the ARM
// ARM v8.0/v8.1 layouts: HCR_EL2 D19.2.48 (bits 34:0; TLOR and later RES0), CPTR_EL2 D19.2.30,
// MDCR_EL2 D19.3.17, SCTLR_EL2 D19.2.119, TCR_EL2 D19.2.140, VTCR_EL2 D19.2.170.
// With HCR_EL2.E2H=1, SCTLR_EL2/TCR_EL2/CPTR_EL2 take the layout of their EL1 counterparts (D5.4).

import { row, rows } from './build';
import { CPACR_EL1_W, SCTLR_EL1_RES1, SCTLR_EL1_W, TCR_EL1_W, TTBR_W, VBAR_W } from './rows-el1';
import { ALL32, ALL64, bits, type SysRegBehavior } from './types';

export const HCR_EL2_W = bits([34, 0]);
export const SCTLR_EL2_RES1 = bits(4, 5, 11, 16, 18, 22, 23, 28, 29);
export const SCTLR_EL2_W = bits(0, 1, 2, 3, 12, 19, 25);
/** CPTR_EL2 (E2H=0): TFP 10, TTA 20, TCPAC 31; bits 13:12, 9:0 RES1 (TZ bit 8 RES1 without SVE). */
export const CPTR_EL2_RES1 = bits([13, 12], [9, 0]);
export const CPTR_EL2_W = bits(10, 20, 31);
/** CPTR_EL2 (E2H=1, CPACR layout): FPEN 21:20, TTA 28, TCPAC 31. */
export const CPTR_EL2_E2H_W = CPACR_EL1_W | bits(31);
/** TCR_EL2 (E2H=0): T0SZ, IRGN0, ORGN0, SH0, TG0, PS, TBI; RES1 23 and 31. */
const TCR_EL2_RES1 = bits(23, 31);
const TCR_EL2_W = bits([5, 0], [18, 8], 20);
/** MDCR_EL2 (v8.0): HPMN 4:0, TPMCR, TPM, HPME, TDE, TDA, TDOSA, TDRA. */
export const MDCR_EL2_W = bits([11, 0]);

export const EL2_ROWS: SysRegBehavior[] = [
  row('SCTLR_EL2', { reset: SCTLR_EL2_RES1, w: SCTLR_EL2_W, res1: SCTLR_EL2_RES1, e2h: { writable: SCTLR_EL1_W, res1: SCTLR_EL1_RES1 } }),
  row('ACTLR_EL2'),
  row('HCR_EL2', { w: HCR_EL2_W }),
  // HPMN resets to PMCR_EL0.N (6 counters on the A57).
  row('MDCR_EL2', { reset: 6n, w: MDCR_EL2_W }),
  row('CPTR_EL2', { reset: CPTR_EL2_RES1, w: CPTR_EL2_W, res1: CPTR_EL2_RES1, e2h: { writable: CPTR_EL2_E2H_W, res1: 0n } }),
  // HSTR_EL2: T<n> for CRn 0-15 except 4 and 14.
  row('HSTR_EL2', { w: bits([15, 0]) & ~bits(4, 14) }),
  row('HACR_EL2', { w: ALL32 }),
  row('TTBR0_EL2', { w: TTBR_W }),
  row('TTBR1_EL2', { w: TTBR_W, feature: 'vhe' }),
  row('TCR_EL2', { reset: TCR_EL2_RES1, w: TCR_EL2_W, res1: TCR_EL2_RES1, e2h: { writable: TCR_EL1_W, res1: 0n } }),
  // VTTBR_EL2: 8-bit VMID (ID_AA64MMFR1.VMIDBits = 0) in 55:48, BADDR 47:1.
  row('VTTBR_EL2', { w: bits([55, 1]) }),
  // VTCR_EL2: T0SZ SL0 IRGN0 ORGN0 SH0 TG0 PS; bit 31 RES1.
  row('VTCR_EL2', { reset: bits(31), w: bits([18, 0]), res1: bits(31) }),
  ...rows(['AFSR0_EL2', 'AFSR1_EL2', 'ESR_EL2'], { w: ALL32 }),
  row('FAR_EL2'),
  // HPFAR_EL2.FIPA: IPA[47:12] in bits 39:4 (48-bit IPA).
  row('HPFAR_EL2', { w: bits([39, 4]) }),
  row('MAIR_EL2'),
  row('AMAIR_EL2'),
  row('VBAR_EL2', { w: VBAR_W }),
  // EL2 is the highest EL: RVBAR_EL2 reads the reset address (0 on QEMU virt without firmware).
  row('RVBAR_EL2'),
  row('CONTEXTIDR_EL2', { w: ALL32, feature: 'vhe' }),
  row('TPIDR_EL2', { w: ALL64 }),
];
