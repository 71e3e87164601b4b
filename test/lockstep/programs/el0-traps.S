// EL0 accesses controlled by SCTLR_EL1 (trapped to EL1, EC 0x18): CTR_EL0 (UCT), DAIF (UMA),
// DC ZVA (DZE), DC CVAU / IC IVAU (UCI); allowed with the bits set.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  eret_el2 el1, 0x3c5
el1:
  movl x0, 0x30d50800               // SCTLR_EL1 RES1 + nTWI nTWE; UCI UCT DZE UMA clear
  msr sctlr_el1, x0
  isb
  adr x1, buf
  eret_el1 el0, 0
el0:
  mrs x2, ctr_el0
  check_ec x24, 0x18
  mov x2, x24
  msr daifset, #1
  mov x3, x24
  mrs x4, daif
  mov x4, x24
  dc zva, x1
  mov x5, x24
  dc cvau, x1
  mov x6, x24
  ic ivau, x1
  mov x7, x24
  dc civac, x1
  mov x8, x24
  check x28, 7
  movl x0, 0x34d5ca00               // everything allowed again
  svc #0xf01
  mrs x13, daif
  msr daifclr, #0
  dc cvau, x1
  mrs x14, tpidr_el0
  check x28, 8
  svc #0xf00
  .balign 64
buf: .skip 64
  done "el0-traps"
