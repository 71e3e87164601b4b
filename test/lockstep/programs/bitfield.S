// Bitfield moves and their aliases, EXTR, shifts by immediate, sign/zero extension.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x8123456789abcdef
  movl x2, 0x00000000f0f0f0f0
  ubfx x3, x1, #4, #12
  sbfx x4, x1, #60, #4
  ubfiz x5, x1, #8, #16
  sbfiz x6, x2, #3, #5
  bfi x7, x1, #16, #8
  bfxil x8, x2, #4, #8
  bfm x13, x1, #60, #3
  ubfm w14, w1, #5, #2
  sbfm w15, w2, #31, #31
  lsl x0, x1, #1
  lsr x3, x1, #63
  asr x4, x1, #33
  ror x5, x1, #13
  lsl w6, w1, #31
  lsr w7, w2, #7
  asr w8, w2, #4
  ror w13, w2, #1
  extr x14, x1, x2, #17
  extr w15, w1, w2, #31
  sxtb x0, w1
  sxth x3, w2
  sxtw x4, w1
  uxtb w5, w2
  uxth w6, w1
  sxtb w7, w2
  bfi x8, xzr, #4, #40
  done "bitfield"
