// Load/store pair: LDP/STP (offset, pre, post), 32- and 64-bit, LDPSW, LDNP/STNP; SP-based frames.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  movl x1, 0x0102030405060708
  movl x2, 0xf1f2f3f4f5f6f7f8
  stp x1, x2, [sp, #-16]!
  stp w2, w1, [sp, #-8]!
  ldp x3, x4, [sp, #8]
  ldp w5, w6, [sp], #8
  ldpsw x7, x8, [sp]
  ldp x13, x14, [sp], #16
  adr x0, buf
  stp x1, x2, [x0, #32]
  stnp x2, x1, [x0, #48]
  ldnp x3, x4, [x0, #32]
  ldp w5, w6, [x0, #52]
  ldpsw x7, x8, [x0, #48]
  stp xzr, x1, [x0, #504]
  ldp x15, x13, [x0, #504]
  mov x14, sp
  bl frame
  done "ldst-pair"
frame:
  stp x29, x30, [sp, #-32]!
  mov x29, sp
  stp x1, x2, [sp, #16]
  ldp x9, x10, [x29, #16]
  eor x5, x9, x10
  ldp x29, x30, [sp], #32
  ret
  .balign 16
buf: .skip 528
