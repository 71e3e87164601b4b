// Shifts by register (amount taken modulo the register size).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x8000000000000f0f
  mov x2, #0
3:
  lslv x3, x1, x2
  lsrv x4, x1, x2
  asrv x5, x1, x2
  rorv x6, x1, x2
  lsl w7, w1, w2
  lsr w8, w1, w2
  asr w13, w1, w2
  ror w14, w1, w2
  eor x15, x15, x3
  eor x15, x15, x4, ror #1
  eor x15, x15, x5, ror #2
  eor x15, x15, x6, ror #3
  add x15, x15, x7
  add x15, x15, x8
  add x15, x15, x13
  add x15, x15, x14
  add x2, x2, #13
  cmp x2, #200
  b.lo 3b
  done "shift-var"
