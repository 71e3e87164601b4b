// Advanced SIMD integer: MOVI, DUP, INS, arithmetic by lane size, compare, logic, shifts,
// across-lane reductions, permutes, table lookup; results moved to X registers.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x0102030405060708
  movl x2, 0xf0e0d0c0b0a09080
  fmov d0, x1
  mov v0.d[1], x2
  movi v1.16b, #0x11
  dup v2.4s, w1
  add v3.16b, v0.16b, v1.16b
  sub v4.8h, v0.8h, v2.8h
  mul v5.4s, v0.4s, v2.4s
  cmeq v6.16b, v0.16b, v1.16b
  cmhi v7.8h, v0.8h, v2.8h
  and v16.16b, v0.16b, v2.16b
  bsl v6.16b, v0.16b, v1.16b
  shl v17.2d, v0.2d, #3
  ushr v18.4s, v0.4s, #5
  sshr v19.8h, v0.8h, #2
  addv b20, v0.16b
  uaddlv h21, v0.16b
  umaxv s22, v0.4s
  cnt v23.16b, v0.16b
  ext v24.16b, v0.16b, v1.16b, #5
  zip1 v25.8h, v0.8h, v2.8h
  uzp2 v26.4s, v0.4s, v5.4s
  rev64 v27.16b, v0.16b
  movi v28.2d, #0xff00ff00ff00ff00
  tbl v29.16b, {v0.16b}, v28.16b
  uminp v30.4s, v0.4s, v3.4s
  umov x3, v3.d[0]
  umov x4, v4.d[1]
  umov x5, v5.d[0]
  umov x6, v6.d[1]
  umov x7, v7.d[0]
  umov x8, v16.d[1]
  umov x13, v17.d[0]
  umov x14, v18.d[1]
  umov x15, v19.d[0]
  umov w0, v20.b[0]
  umov w1, v21.h[0]
  umov w2, v22.s[0]
  umov x9, v23.d[1]
  eor x3, x3, x9
  umov x9, v24.d[0]
  eor x4, x4, x9
  umov x9, v25.d[1]
  eor x5, x5, x9
  umov x9, v26.d[0]
  eor x6, x6, x9
  umov x9, v27.d[1]
  eor x7, x7, x9
  umov x9, v29.d[0]
  eor x8, x8, x9
  umov x9, v30.d[1]
  eor x13, x13, x9
  smov x10, v0.b[15]
  done "simd-int"
