// Conditional select/compare: CSEL family and aliases, CCMP/CCMN for every condition.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x1, #5
  mov x2, #-3
  mov x15, #0
  mov x0, #0                      // NZCV pattern, 0..15
1:
  lsl x3, x0, #28
  msr nzcv, x3
  csel x4, x1, x2, eq
  csinc x5, x1, x2, ne
  csinv x6, x1, x2, cs
  csneg x7, x1, x2, cc
  cset w8, mi
  csetm x13, pl
  cinc x14, x1, vs
  add x15, x15, x4
  add x15, x15, x5, lsl #1
  add x15, x15, x6, lsl #2
  add x15, x15, x7, lsl #3
  add x15, x15, x8, lsl #4
  add x15, x15, x13, lsl #5
  add x15, x15, x14, lsl #6
  msr nzcv, x3
  cset x4, vc
  cset x5, hi
  cset x6, ls
  cset x7, ge
  cset x8, lt
  cset x13, gt
  cset x14, le
  orr x4, x4, x5, lsl #1
  orr x4, x4, x6, lsl #2
  orr x4, x4, x7, lsl #3
  orr x4, x4, x8, lsl #4
  orr x4, x4, x13, lsl #5
  orr x4, x4, x14, lsl #6
  add x15, x15, x4, lsl #8
  msr nzcv, x3
  ccmp x1, x2, #0xa, ge
  mrs x5, nzcv
  add x15, x15, x5, lsr #20
  msr nzcv, x3
  ccmn w1, #3, #0x5, le
  mrs x5, nzcv
  add x15, x15, x5, lsr #16
  add x0, x0, #1
  cmp x0, #16
  b.lo 1b
  cneg x3, x2, lt
  cinv w4, w1, ge
  done "condsel"
