// HVC from EL2 (to EL2), from EL1 (to EL2, EC 0x16, offset 0x400) and from EL0 (UNDEFINED,
// to EL1); the immediate in ISS; ELR is the next instruction.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  hvc #0x4321
  check_ec x20, 0x16
  check x23, 0x200
  mov x1, x20
  eret_el2 el1, 0x3c5
el1:
  hvc #0x1
  check_ec x20, 0x16
  check x23, 0x400
  mov x2, x20
  mov x3, x21
  hvc #0xffff
  mov x4, x20
  eret_el1 el0, 0x0
el0:
  hvc #2                              // UNDEFINED at EL0
  check_ec x24, 0x00
  mov x5, x24
  mov x6, x25
  svc #0xf00
  done "hvc"
