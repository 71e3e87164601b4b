// System register moves: EL1/EL2/EL0 registers written and read back at EL2 and EL1, PSTATE
// fields (NZCV, DAIF, SPSel, CurrentEL) by MSR/MRS, MSR immediate forms. Every value written
// fits the ARMv8.0 fields of its register (no RES0 bits set: CONTEXTIDR_EL1 and ESR_EL1 are
// 32-bit, bits 63:32 RES0; QEMU 7.2 keeps such bits where the ARM ARM has them read as 0).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x1122334455667788
  msr tpidr_el0, x1
  msr tpidr_el1, x1
  msr tpidr_el2, x1
  msr tpidrro_el0, x1
  movl x2, 0x55667788               // CONTEXTIDR_EL1.PROCID and ESR_EL1: bits 31:0 only
  msr contextidr_el1, x2
  msr elr_el1, x1
  msr far_el1, x1
  msr esr_el1, x2
  movl x2, 0x600003c5
  msr spsr_el1, x2
  movl x3, 0x0000000040001000
  msr ttbr0_el1, x3
  msr ttbr1_el1, x3
  movl x4, 0x00000000b5193519
  msr tcr_el1, x4
  movl x5, 0x000000000044ff00
  msr mair_el1, x5
  msr vbar_el1, x3
  mrs x6, tpidr_el0
  mrs x7, tpidr_el1
  mrs x8, tpidr_el2
  mrs x13, tpidrro_el0
  mrs x14, contextidr_el1
  mrs x15, elr_el1
  mrs x0, far_el1
  mrs x1, esr_el1
  mrs x2, spsr_el1
  mrs x3, ttbr0_el1
  mrs x4, tcr_el1
  mrs x5, mair_el1
  mrs x6, vbar_el1
  adr x9, lib_vectors_el1
  msr vbar_el1, x9
  mrs x7, CurrentEL
  mrs x8, daif
  msr daifclr, #0xf
  mrs x13, daif
  msr daifset, #0x5
  mrs x14, daif
  mov x9, #0x280
  msr daif, x9
  mrs x15, daif
  mrs x0, spsel
  mov x9, #0xa0000000
  msr nzcv, x9
  mrs x1, nzcv
  mrs x2, elr_el2
  mrs x3, sctlr_el2
  mrs x4, hcr_el2
  mrs x5, vbar_el2
  mrs x6, sp_el0
  mrs x7, sp_el1
  eret_el2 el1, 0x3c5
el1:
  mrs x8, CurrentEL
  mrs x13, tpidr_el1
  mrs x14, sctlr_el1
  mrs x15, spsr_el1
  mrs x0, sp_el0
  msr sp_el0, x1
  mrs x1, sp_el0
  mrs x2, daif
  msr daifclr, #2
  mrs x3, daif
  msr tpidr_el0, xzr
  mrs x4, tpidr_el0
  hvc #0xf00
  done "sysregs"
