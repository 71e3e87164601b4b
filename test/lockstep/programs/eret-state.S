// ERET restores PSTATE from SPSR: NZCV, DAIF, EL and SP selection; exception entry saves them.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  eret_el2 el1a, 0xa00003c5         // N C set, DAIF masked, EL1h
el1a:
  mrs x1, nzcv
  mrs x2, daif
  mrs x3, spsel
  mov x9, #0x50000000
  msr nzcv, x9
  hvc #1
  mov x4, x22                       // SPSR_EL2 saved: Z V, EL1h
  mrs x5, nzcv
  hvc #2
  eret_el1 el1t, 0x60000104         // Z C, A masked, EL1t
el1t:
  mrs x6, nzcv
  mrs x7, daif
  mrs x8, spsel
  svc #3
  mov x13, x26
  eret_el1 el0, 0x90000000          // N V, EL0
el0:
  mrs x14, nzcv
  svc #4
  mov x15, x26
  svc #0xf00
  done "eret-state"
