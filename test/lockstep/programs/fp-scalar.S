// Scalar floating point: arithmetic, fused multiply-add, conversions, rounding, compares
// (NZCV), FCSEL, FMOV; results moved to X registers. FPSR cumulative flags read back.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  msr fpcr, xzr
  msr fpsr, xzr
  fmov d0, #1.5
  fmov d1, #-0.25
  fmov s2, #10.0
  fadd d3, d0, d1
  fsub d4, d0, d1
  fmul d5, d0, d1
  fdiv d6, d0, d1
  fmadd d7, d0, d1, d3
  fnmsub d16, d0, d1, d3
  fsqrt d17, d0
  fabs d18, d1
  fneg d19, d0
  fmax d20, d0, d1
  fminnm d21, d0, d1
  fmov x1, d3
  fmov x2, d4
  fmov x3, d5
  fmov x4, d6
  fmov x5, d7
  fmov x6, d16
  fmov x7, d17
  fmov x8, d18
  fmov x13, d19
  fmov x14, d20
  fmov x15, d21
  fcvt s22, d17
  fmov w0, s22
  fdiv s23, s2, s22
  fmov w3, s23
  scvtf d24, x1
  ucvtf s25, w3
  fcvtzs x4, d6
  fcvtzu w5, d4
  fcvtns x6, d17
  fcvtms x7, d1
  fcvtps x8, d1
  frintx d26, d17
  frintz d27, d6
  fmov x13, d26
  fmov x14, d27
  fcmp d0, d1
  mrs x15, nzcv
  fcmpe d1, #0.0
  mrs x0, nzcv
  fccmp d0, d0, #0xf, eq
  mrs x1, nzcv
  fcsel d28, d0, d1, gt
  fmov x2, d28
  movl x9, 0x7ff8000000000001       // quiet NaN compare: unordered
  fmov d29, x9
  fcmp d29, d0
  mrs x3, nzcv
  fmov d30, xzr
  fdiv d31, d0, d30                 // +inf, DZC
  fmov x4, d31
  mrs x5, fpsr
  done "fp-scalar"
