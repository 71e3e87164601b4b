// BRK at EL2, EL1, EL0 (EC 0x3c, imm16, ELR = the BRK); MDCR_EL2.TDE routes EL1/EL0 debug
// exceptions to EL2.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  brk #0x1
  check_ec x20, 0x3c
  mov x1, x20
  mov x2, x21
  eret_el2 el1, 0x3c5
el1:
  brk #0xabc
  check_ec x24, 0x3c
  check x27, 0x200
  mov x3, x24
  mov x4, x25
  eret_el1 el0, 0x0
el0:
  brk #0xffff
  check_ec x24, 0x3c
  check x27, 0x400
  mov x5, x24
  svc #0x1
  hvc #0x0                          // UNDEF at EL0 → EL1 (nothing routed to EL2 yet)
  svc #0xf00
  done "brk"
