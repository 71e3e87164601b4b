// MDCR_EL2.TDE = 1: BRK from EL1 and from EL0 is taken to EL2 (EC 0x3c, offset 0x400).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x0, #(1 << 8) | 6             // TDE, HPMN = 6
  msr mdcr_el2, x0
  isb
  eret_el2 el1, 0x3c5
el1:
  brk #0x12
  check_ec x20, 0x3c
  check x23, 0x400
  mov x1, x20
  mov x2, x21
  eret_el1 el0, 0x0
el0:
  brk #0x34
  check_ec x20, 0x3c
  check x23, 0x400
  mov x3, x20
  svc #0xf00
  done "brk-tde"
