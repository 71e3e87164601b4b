// Exclusives on Normal memory (EL2 MMU on): LDXR/STXR success, failure after CLREX and without
// a reservation, byte/half/word/pair forms, acquire/release forms, an atomic-add loop.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  adr x1, var
  ldxr x2, [x1]
  add x2, x2, #1
  stxr w3, x2, [x1]                 // 0: success
  ldr x4, [x1]
  stxr w5, x2, [x1]                 // 1: no reservation
  ldxr x6, [x1]
  clrex
  stxr w7, x6, [x1]                 // 1: cleared
  ldaxr w8, [x1]
  stlxr w13, w8, [x1]
  ldxrb w14, [x1, #0]
  stxrb w15, w14, [x1]
  ldxrh w0, [x1]
  stlxrh w9, w0, [x1]
  mov x3, x9
  add x10, x1, #16
  ldxp x4, x5, [x10]
  stxp w6, x5, x4, [x10]
  ldaxp w7, w8, [x10]
  stlxp w9, w8, w7, [x10]
  mov x13, x9
  ldp x14, x15, [x10]
  // atomic add loop
  mov x11, #0
1:
  ldaxr x2, [x1]
  add x2, x2, #3
  stlxr w4, x2, [x1]
  cbnz w4, 1b
  add x11, x11, #1
  cmp x11, #20
  b.ne 1b
  ldr x0, [x1]
  done "exclusives"
  .balign 16
var: .quad 0x100, 0
  .quad 0x1111111122222222, 0x3333333344444444
