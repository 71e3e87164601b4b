// Loads/stores with immediate offsets: unsigned scaled, unscaled (LDUR/STUR), pre- and
// post-index, every size and sign extension.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  adr x1, buf
  movl x2, 0x8899aabbccddeeff
  str x2, [x1]
  str w2, [x1, #8]
  strh w2, [x1, #12]
  strb w2, [x1, #14]
  stur x2, [x1, #17]
  sturb w2, [x1, #15]
  ldr x3, [x1]
  ldr w4, [x1, #8]
  ldrh w5, [x1, #12]
  ldrb w6, [x1, #14]
  ldur x7, [x1, #17]
  ldrsb x8, [x1, #15]
  ldrsb w13, [x1, #15]
  ldrsh x14, [x1, #12]
  ldrsh w15, [x1, #12]
  ldrsw x0, [x1, #8]
  ldur w3, [x1, #-1 + 1]
  ldursh x4, [x1, #13]
  mov x5, x1
  str x2, [x5, #8]!
  ldr x6, [x5], #-8
  strb w2, [x5, #1]!
  ldrb w7, [x5], #1
  ldrh w8, [x5, #2]!
  ldrsw x13, [x5], #4
  sub x14, x5, x1
  // loop: sum of bytes with post-increment
  adr x1, buf
  mov x15, #0
  mov x0, #32
1:
  ldrb w3, [x1], #1
  add x15, x15, x3
  subs x0, x0, #1
  b.ne 1b
  prfm pldl1keep, [x1]
  ldr x3, [x1, #-32]
  done "ldst-imm"
  .balign 16
buf: .skip 64
