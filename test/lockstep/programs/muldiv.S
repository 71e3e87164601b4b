// Multiply (MADD/MSUB/long/high) and divide, including division by zero and INT_MIN / -1.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0xfedcba9876543210
  movl x2, 0x0123456789abcdef
  mul x3, x1, x2
  madd x4, x1, x2, x3
  msub x5, x1, x2, x4
  mneg x6, x1, x2
  mul w7, w1, w2
  madd w8, w2, w2, w1
  smull x13, w1, w2
  umull x14, w1, w2
  smaddl x15, w1, w2, x1
  umsubl x0, w1, w2, x2
  smnegl x3, w2, w1
  smulh x4, x1, x2
  umulh x5, x1, x2
  udiv x6, x1, x2
  sdiv x7, x1, x2
  udiv w8, w1, w2
  sdiv w13, w1, w2
  udiv x14, x1, xzr                // divide by zero: 0
  sdiv w15, w1, wzr
  movl x0, 0x8000000000000000
  mov x3, #-1
  sdiv x4, x0, x3                  // INT64_MIN / -1 = INT64_MIN
  mov w5, #0x80000000
  sdiv w6, w5, w3
  mov x7, #-7
  mov x8, #2
  sdiv x13, x7, x8                 // rounds toward zero: -3
  udiv x14, x7, x8
  done "muldiv"
