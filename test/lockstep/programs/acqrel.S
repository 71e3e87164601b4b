// Load-acquire / store-release (LDAR/STLR all sizes) and barriers (DMB, DSB, ISB options).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  adr x1, buf
  movl x2, 0x8877665544332211
  stlr x2, [x1]
  stlr w2, [x1, #0]
  dmb ish
  ldar x3, [x1]
  ldar w4, [x1]
  add x5, x1, #8
  stlrb w2, [x5]
  stlrh w2, [x1]
  ldarb w6, [x5]
  ldarh w7, [x1]
  dsb sy
  dmb ishld
  dmb oshst
  dsb nsh
  isb
  dmb ld
  dsb st
  ldr x8, [x1]
  ldr x13, [x1, #8]
  done "acqrel"
  .balign 16
buf: .skip 32
