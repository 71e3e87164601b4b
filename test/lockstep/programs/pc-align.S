// PC alignment faults (EC 0x22, FAR = ELR = the misaligned PC) from BR/BLR/RET at EL2, EL1, EL0.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  adr x1, 1f
  add x1, x1, #2
  adr x18, 1f
  br x1
1:
  check_ec x20, 0x22
  mov x2, x20
  mov x3, x19
  mov x4, x21
  eret_el2 el1, 0x3c5
el1:
  adr x1, 2f
  add x1, x1, #1
  adr x17, 2f
  blr x1
2:
  check_ec x24, 0x22
  check x27, 0x200
  mov x5, x24
  mov x6, x16
  mov x7, x30
  eret_el1 el0, 0
el0:
  adr x1, 3f
  orr x1, x1, #3
  adr x17, 3f
  ret x1
3:
  check_ec x24, 0x22
  check x27, 0x400
  mov x8, x24
  mov x13, x16
  check x28, 3
  svc #0xf00
  done "pc-align"
