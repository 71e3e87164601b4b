// Stack pointer selection and the four vector groups: exceptions from EL1t (SP_EL0, offset
// 0x000), EL1h (SP_EL1, 0x200) and EL0 (0x400); SPSel written by MSR; ERET to EL2t and EL2h.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  msr spsel, #0                     // EL2t: SP is SP_EL0
  mov x1, sp
  svc #1                            // current EL with SP0
  check x23, 0x000
  msr spsel, #1
  mov x2, sp
  svc #2
  check x23, 0x200
  mrs x3, spsel
  eret_el2 el2t, 0x3c8              // ERET to EL2t from EL2h
el2t:
  mov x4, sp
  mrs x5, spsel
  eret_el2 el1t, 0x3c4
el1t:
  mov x6, sp
  svc #3
  check x27, 0x000
  msr spsel, #1
  mov x7, sp
  svc #4
  check x27, 0x200
  msr spsel, #0
  mov x8, sp
  mrs x13, spsel
  hvc #5
  check x23, 0x400
  eret_el1 el0, 0
el0:
  svc #6
  check x27, 0x400
  svc #0xf00
  done "el1t-el1h"
