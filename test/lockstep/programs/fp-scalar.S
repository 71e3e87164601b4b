// Scalar FP registers within the CPU's FP/SIMD scope (moves and loads/stores, no FP arithmetic):
// FPCR/FPSR by MSR/MRS; FMOV (immediate) S and D, FMOV (register) S and D, FMOV (general) W<->S,
// X<->D and X<->V.D[1]; scalar writes clearing the rest of the vector register; LDR/STR of
// B/H/S/D/Q (unsigned offset, unscaled, pre/post-index, register offset), LDR (literal) S/D/Q,
// LDP/STP/LDNP/STNP of S/D/Q. Results are moved to X registers (the compared state).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  // FPCR: AHP DN FZ RMode Stride Len (bit 19 FZ16 is RES0 without FEAT_FP16; the trap enables
  // are left at 0: whether they are RAZ/WI is IMPLEMENTATION DEFINED). FPSR: NZCV QC, flags.
  mrs x0, fpcr
  mrs x1, fpsr
  movl x2, 0x07f70000
  msr fpcr, x2
  mrs x3, fpcr
  check x3, 0x07f70000
  movl x2, 0x02800000               // DN, RMode = RP
  msr fpcr, x2
  mrs x4, fpcr
  mov x2, #-1
  msr fpsr, x2
  mrs x5, fpsr
  check x5, 0xf800009f
  movl x2, 0x08000011               // QC IXC IOC
  msr fpsr, x2
  mrs x6, fpsr
  msr fpcr, xzr
  msr fpsr, xzr
  mrs x7, fpcr
  mrs x8, fpsr

  // FMOV (immediate) and FMOV (general) to X/W.
  fmov d0, #1.5
  fmov d1, #-0.25
  fmov s2, #10.0
  fmov s3, #-31.0
  fmov d4, #0.125
  fmov d5, #-1.9375
  fmov x0, d0
  check x0, 0x3ff8000000000000
  fmov x1, d1
  fmov w2, s2
  check x2, 0x41200000
  fmov w3, s3
  fmov x4, d4
  fmov x5, d5

  // FMOV (general) from X/W; the write clears the rest of the vector register.
  movl x1, 0x0102030405060708
  movl x2, 0xf0e0d0c0b0a09080
  dup v6.2d, x2                     // every lane non-zero
  fmov d6, x1
  umov x6, v6.d[0]
  umov x7, v6.d[1]
  check x7, 0
  dup v7.2d, x2
  fmov s7, w1
  umov x8, v7.d[0]
  check x8, 0x05060708
  umov x13, v7.d[1]
  fmov v7.d[1], x2                  // the top half only; D[0] kept
  umov x13, v7.d[0]
  fmov x14, v7.d[1]
  check x14, 0xf0e0d0c0b0a09080
  fmov d8, d7                       // FMOV (register): D[1] cleared
  umov x15, v8.d[1]
  fmov x15, d8
  fmov s9, s3
  fmov w0, s9
  umov x1, v9.d[0]
  check x1, 0xc1f80000

  // LDR/STR of B/H/S/D/Q, unsigned offset and unscaled.
  adr x3, data
  adr x4, buf
  ldr b10, [x3, #7]
  umov x5, v10.d[0]
  check x5, 0x01
  ldr h11, [x3, #6]
  fmov w6, s11
  ldr s12, [x3, #4]
  fmov w7, s12
  ldr d13, [x3, #8]
  fmov x8, d13
  ldr q14, [x3, #16]
  umov x13, v14.d[0]
  umov x14, v14.d[1]
  ldur d15, [x3, #24]
  fmov x15, d15
  ldur s16, [x3, #-4]               // the word before `data`
  fmov w0, s16
  str q14, [x4]
  str d13, [x4, #16]
  str s12, [x4, #24]
  str h11, [x4, #28]
  str b10, [x4, #31]
  stur d0, [x4, #32]
  ldp x0, x1, [x4]
  ldp x2, x5, [x4, #16]
  ldr x6, [x4, #32]

  // Pre/post-index and register offset.
  mov x7, x3
  ldr d17, [x7, #8]!
  ldr s18, [x7], #4
  ldr h19, [x7], #-2
  ldr q20, [x7, #6]!                // x7 = data + 16
  fmov x8, d17
  fmov w13, s18
  fmov w14, s19
  umov x15, v20.d[1]
  mov x0, x7
  mov x1, #3
  ldr d21, [x3, x1, lsl #3]
  ldr q22, [x3, x1, lsl #4]         // data + 48
  mov x2, #-8
  ldr s23, [x7, x2]
  ldr b24, [x3, w1, uxtw]
  fmov x5, d21
  umov x6, v22.d[0]
  fmov w8, s23
  umov w13, v24.b[0]
  mov x7, x4
  str d21, [x7, #16]!
  str q22, [x7], #16
  str s23, [x7, #-4]!
  str b24, [x4, x1]
  str h19, [x4, w1, sxtw #1]
  mov x14, x7
  ldp x0, x1, [x4]
  ldp x2, x5, [x4, #16]

  // LDR (literal).
  ldr s25, lit
  ldr d26, lit
  ldr q27, lit
  fmov w6, s25
  fmov x8, d26
  umov x13, v27.d[1]

  // LDP/STP/LDNP/STNP of S/D/Q.
  ldp s28, s29, [x3]
  ldp d30, d31, [x3, #16]
  ldp q0, q1, [x3, #32]
  fmov w14, s28
  fmov w15, s29
  fmov x0, d30
  fmov x1, d31
  umov x2, v0.d[1]
  umov x5, v1.d[0]
  mov x7, x4
  stp q1, q0, [x7, #-32]!
  stp d31, d30, [x7, #64]
  stp s29, s28, [x7], #8
  ldnp d2, d3, [x3, #8]
  stnp d3, d2, [x4, #80]
  ldnp q4, q5, [x3]
  stnp q5, q4, [x4, #96]
  ldp x6, x8, [x4, #-32]
  ldp x13, x14, [x4, #-16]
  ldp x15, x0, [x4, #32]
  ldp x1, x2, [x4, #80]
  ldp x5, x6, [x4, #96]
  ldp x8, x13, [x4, #112]
  mov x14, x7
  ldr x15, [x4, #-32]
  done "fp-scalar"
  .balign 64
  .skip 60
  .word 0xdeadbeef
data:
  .quad 0x0102030405060708, 0x1112131415161718, 0x2122232425262728, 0x3132333435363738
  .quad 0x4142434445464748, 0x5152535455565758, 0x6162636465666768, 0x7172737475767778
  .balign 16
lit:
  .quad 0x8182838485868788, 0x9192939495969798
  .balign 64
  .skip 64
buf:
  .skip 256
