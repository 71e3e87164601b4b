// HCR_EL2.TACR traps EL1 accesses to ACTLR_EL1 (both directions) to EL2.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 21)    // RW, TACR
  msr hcr_el2, x0
  isb
  eret_el2 el1, 0x3c5
el1:
  mov x1, #7
  mrs x1, actlr_el1
  check_ec x20, 0x18
  mov x2, x20
  mov x3, x21
  msr actlr_el1, x1
  check_ec x20, 0x18
  mov x4, x20
  mrs x5, sctlr_el1                 // not trapped
  check x28, 2
  hvc #0xf00
  done "trap-tacr"
