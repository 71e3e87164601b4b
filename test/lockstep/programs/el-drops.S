// EL2 -> EL1h -> EL0t by ERET, and back up: SVC to EL1, HVC to EL2, returns in between.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x0, #1
  eret_el2 el1, 0x3c5
el1:
  mrs x1, CurrentEL
  check x1, 4
  mov x2, sp                        // SP_EL1
  hvc #0x11                         // to EL2 and back
  check_ec x20, 0x16
  check x23, 0x400
  eret_el1 el0, 0x0
el0:
  mov x3, sp                        // SP_EL0
  add x0, x0, #1
  svc #0x22                         // to EL1 and back
  check_ec x24, 0x15
  check x27, 0x400
  add x0, x0, #1
  svc #0x23
  and x4, x24, #0xffff
  check x4, 0x23
  svc #0xf00                        // EL1 forwards with hvc #0xf00
  done "el-drops"
