// HCR_EL2.TID3 traps EL1 reads of the ID group 3 registers (ID_AA64*, ID_*, MVFR*) to EL2.
// The trapped instruction is skipped, so the destination keeps its old value.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 18)    // RW, TID3
  msr hcr_el2, x0
  isb
  eret_el2 el1, 0x3c5
el1:
  mov x1, #1
  mov x2, #2
  mov x3, #3
  mrs x1, id_aa64pfr0_el1
  check_ec x20, 0x18
  mov x4, x20
  mrs x2, id_aa64mmfr0_el1
  mov x5, x20
  mrs x3, id_aa64isar0_el1
  mov x6, x20
  mrs x7, id_aa64dfr0_el1
  mov x7, x20
  mrs x8, mvfr0_el1
  mov x8, x20
  mrs x13, id_pfr0_el1
  mov x13, x20
  mrs x14, id_aa64mmfr1_el1
  mov x14, x20
  mrs x15, id_isar0_el1
  mov x15, x20
  check x28, 8
  hvc #0xf00
  done "trap-tid3"
