// Exception entry and return constants (ARM ARM D1.10 "Exception entry", D1.11 "Exception
// return"): vector offsets, the SPSR layout and exception classes used by the CPU.

/** Vector table offsets from VBAR_ELx (ARM ARM D1.10.2). */
export const VECTOR = {
  CURRENT_SP0: 0x000,
  CURRENT_SPX: 0x200,
  LOWER_A64: 0x400,
  LOWER_A32: 0x600,
} as const;

export const VECTOR_KIND = { sync: 0x000, irq: 0x080, fiq: 0x100, serror: 0x180 } as const;
export type ExceptionKind = keyof typeof VECTOR_KIND;

/** ESR_ELx.EC values the CPU raises (ARM ARM D17.2.37). */
export const EC = {
  UNKNOWN: 0x00,
  WFX: 0x01,
  FP: 0x07,
  ILLEGAL: 0x0e,
  SVC64: 0x15,
  HVC64: 0x16,
  SMC64: 0x17,
  SYS64: 0x18,
  IABT_LOWER: 0x20,
  IABT_SAME: 0x21,
  PC_ALIGN: 0x22,
  DABT_LOWER: 0x24,
  DABT_SAME: 0x25,
  SP_ALIGN: 0x26,
  SERROR: 0x2f,
  BRK64: 0x3c,
} as const;

/** Fault status codes (ISS.DFSC/IFSC). */
export const FSC = {
  ADDR_SIZE_L0: 0x00,
  TRANSLATION_L0: 0x04,
  ACCESS_L0: 0x08,
  PERMISSION_L0: 0x0c,
  SYNC_EXTERNAL: 0x10,
  ALIGNMENT: 0x21,
} as const;

export const IL = 1 << 25;

/** PSTATE bits as they appear in SPSR_ELx (ARM ARM C5.2.18). */
export const SPSR = {
  N: 31, Z: 30, C: 29, V: 28, TCO: 25, DIT: 24, UAO: 23, PAN: 22, SS: 21, IL: 20, SSBS: 12,
  D: 9, A: 8, I: 7, F: 6,
} as const;

/** M[3:0] for AArch64: EL in bits 3:2, SPSel in bit 0 (EL0t, EL1t, EL1h, EL2t, EL2h). */
export function modeBits(el: number, spsel: number): number {
  return (el << 2) | (el === 0 ? 0 : spsel);
}

export const MODE_NAMES: Readonly<Record<number, string>> = { 0: 'EL0t', 4: 'EL1t', 5: 'EL1h', 8: 'EL2t', 9: 'EL2h', 12: 'EL3t', 13: 'EL3h' };
