// HCR_EL2.TGE = 1: exceptions from EL0 go to EL2 (SVC, UNDEFINED, BRK, data abort), EL1 unused.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 27)    // RW, TGE
  msr hcr_el2, x0
  isb
  eret_el2 el0, 0x0
el0:
  svc #0x99
  check_ec x20, 0x15
  check x23, 0x400
  mov x1, x20
  mov x2, x21
  udf #3
  check_ec x20, 0x00
  mov x3, x20
  brk #4
  check_ec x20, 0x3c
  mov x4, x20
  mov x5, x27
  check x28, 3
  svc #0xf00                        // to EL2 under TGE
  done "hcr-tge"
