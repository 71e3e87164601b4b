// Advanced SIMD registers within the CPU's FP/SIMD scope (moves and loads/stores, no SIMD
// arithmetic): DUP (general) of every size and Q, INS (general) and UMOV/MOV (to general) of every
// lane size, MOV (vector) and ORR (vector) with 8B/16B, and the structure loads/stores LD1–LD4 and
// ST1–ST4 (multiple structures, a single lane, LD1R–LD4R), without offset and post-indexed by the
// immediate and by a register, including a register list that wraps from V31 to V0. Vector
// contents reach the compared X registers through UMOV (`show`) and through stores read back.
  .include "lib.inc"

  // Both halves of a vector register into x13 and x14 (one compared step each).
  .macro show v
  umov x13, \v\().d[0]
  umov x14, \v\().d[1]
  .endm

  .text
  .global _start
_start:
  init
  movl x1, 0x0102030405060708
  movl x2, 0xf0e0d0c0b0a09080
  fmov d0, x1
  mov v0.d[1], x2                   // INS (general), D

  // DUP (general): every element size, Q = 1 and Q = 0 (the upper half cleared).
  dup v1.16b, w2
  dup v2.8h, w1
  dup v3.4s, w2
  dup v4.2d, x1
  dup v5.8b, w1
  dup v6.4h, w2
  dup v7.2s, w1
  show v1
  check x13, 0x8080808080808080
  show v2
  show v3
  show v4
  show v5
  check x14, 0
  show v6
  show v7

  // INS (general) of each size keeps the other lanes; UMOV/MOV to general of each size.
  mov v16.16b, v0.16b               // MOV (vector) = ORR Vd, Vn, Vn
  mov v16.b[3], w2
  mov v16.h[6], w1
  mov v16.s[1], w2
  mov v16.d[0], x2
  mov v16.b[15], w1
  show v16
  umov w0, v0.b[15]
  check x0, 0xf0
  umov w3, v0.b[0]
  umov w4, v0.h[5]
  umov w5, v0.s[3]
  mov w6, v0.s[2]
  mov x7, v0.d[1]
  umov x8, v0.d[0]
  umov w15, v16.h[7]

  // ORR (vector) with two sources; MOV (vector) with Q = 0 clears the upper half.
  orr v17.16b, v0.16b, v1.16b
  orr v18.8b, v0.8b, v3.8b
  mov v19.8b, v0.8b
  show v17
  show v18
  show v19

  // LD1 of 1–4 registers, LD2–LD4 (de-interleaving), Q = 0 and Q = 1.
  adr x3, data
  adr x4, buf
  ld1 {v20.16b}, [x3]
  ld1 {v21.8h, v22.8h}, [x3]
  ld1 {v23.4s, v24.4s, v25.4s}, [x3]
  ld1 {v26.2d, v27.2d, v28.2d, v29.2d}, [x3]
  ld1 {v30.1d}, [x3]
  show v20
  show v22
  show v25
  show v29
  show v30
  ld2 {v0.8h, v1.8h}, [x3]
  ld3 {v2.4s, v3.4s, v4.4s}, [x3]
  ld4 {v4.16b, v5.16b, v6.16b, v7.16b}, [x3]
  ld2 {v16.2s, v17.2s}, [x3]
  ld4 {v30.4h, v31.4h, v0.4h, v1.4h}, [x3]   // the list wraps from V31 to V0
  show v1
  show v2
  show v3
  show v4
  show v7
  show v16
  show v17
  show v30
  show v31
  show v0

  // Post-indexed: by the immediate (the bytes transferred) and by a register.
  mov x5, x3
  mov x6, #24
  ld1 {v20.16b}, [x5], #16
  ld3 {v21.8b, v22.8b, v23.8b}, [x5], x6
  ld2 {v24.2d, v25.2d}, [x5], #32
  mov x0, x5                        // data + 72
  show v20
  show v22
  show v25

  // A single lane (the other lanes kept), and load-and-replicate.
  dup v8.16b, w2
  dup v9.16b, w2
  dup v10.16b, w2
  dup v11.16b, w2
  ld1 {v8.s}[1], [x3]
  mov x5, x3
  ld2 {v9.h, v10.h}[5], [x5], #4
  ld3 {v9.b, v10.b, v11.b}[15], [x5]
  add x5, x5, #4
  mov x6, #16
  ld4 {v8.d, v9.d, v10.d, v11.d}[1], [x5], x6
  mov x1, x5                        // data + 24
  show v8
  show v9
  show v10
  show v11
  ld1r {v12.4s}, [x3]
  ld2r {v13.8b, v14.8b}, [x3]
  ld3r {v15.2d, v16.2d, v17.2d}, [x3]
  mov x5, x3
  ld4r {v18.8h, v19.8h, v20.8h, v21.8h}, [x5], #8
  mov x2, x5
  show v12
  show v13
  show v14
  show v17
  show v18
  show v21

  // Stores: ST1–ST4 multiple (interleaving), single lanes, post-indexed; read back with LDP.
  ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x3]
  mov x5, x4
  st1 {v0.16b}, [x5], #16
  st2 {v1.4s, v2.4s}, [x5], #32
  st3 {v0.8b, v1.8b, v2.8b}, [x5]
  add x5, x5, #24
  st4 {v0.4h, v1.4h, v2.4h, v3.4h}, [x5], x6
  st1 {v3.2d}, [x5]
  st1 {v1.d}[1], [x5], #8
  st2 {v2.s, v3.s}[2], [x5], #8
  st3 {v0.h, v1.h, v2.h}[7], [x5], #6
  st4 {v0.b, v1.b, v2.b, v3.b}[9], [x5]
  mov x15, x5
  ldp x0, x1, [x4]
  ldp x2, x3, [x4, #16]
  ldp x5, x6, [x4, #32]
  ldp x7, x8, [x4, #48]
  ldp x13, x14, [x4, #64]
  ldp x0, x1, [x4, #80]
  ldp x2, x3, [x4, #96]
  ldp x5, x6, [x4, #112]
  ldp x7, x8, [x4, #128]

  // SP as the base register.
  sub sp, sp, #64
  mov x5, sp
  st1 {v0.2d, v1.2d, v2.2d, v3.2d}, [sp]
  ld4 {v4.4s, v5.4s, v6.4s, v7.4s}, [sp]
  ldp x13, x14, [sp, #48]
  add sp, sp, #64
  show v4
  show v7
  done "simd-int"
  .balign 64
data:
  .quad 0x0102030405060708, 0x1112131415161718, 0x2122232425262728, 0x3132333435363738
  .quad 0x4142434445464748, 0x5152535455565758, 0x6162636465666768, 0x7172737475767778
  .quad 0x8182838485868788, 0x9192939495969798, 0xa1a2a3a4a5a6a7a8, 0xb1b2b3b4b5b6b7b8
  .balign 64
buf:
  .skip 256
