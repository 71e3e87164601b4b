// Logical: immediate (bitmask patterns), shifted register, ANDS/BICS flags, TST.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x0123456789abcdef
  movl x2, 0xfedcba9876543210
  and x3, x1, #0xff00ff00ff00ff00
  orr x4, x1, #0x5555555555555555
  eor x5, x1, #0x00000000ffff0000
  and w6, w1, #0x7ffffffe
  orr w7, wzr, #0xf0f0f0f0
  eor w8, w2, #0x1
  ands x13, x1, #0x8000000000000000
  mrs x14, nzcv
  ands w15, w2, #0x80000000
  mrs x0, nzcv
  and x3, x1, x2, lsl #4
  bic x4, x1, x2, lsr #8
  orr x5, x1, x2, asr #12
  orn x6, x1, x2, ror #16
  eor x7, x1, x2, ror #63
  eon x8, x1, x2
  and w13, w1, w2, ror #3
  bic w14, w1, w2
  orn w15, wzr, w2
  ands x0, x1, x2, lsl #1
  mrs x3, nzcv
  bics x4, x2, x1
  mrs x5, nzcv
  bics w6, w1, w1
  mrs x7, nzcv
  tst x1, #0xf
  mrs x8, nzcv
  tst w2, w1, lsr #2
  mrs x13, nzcv
  mov x14, x2
  mvn x15, x1
  mvn w0, w2, lsl #7
  mov w3, #0x00ff00ff
  done "alu-logic"
