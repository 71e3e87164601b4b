// Add/subtract: immediate (shifted), shifted register, extended register, with carry; flags.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x7fffffffffffffff
  movl x2, 0x8000000000000001
  add x3, x1, #1
  adds x4, x1, #1                 // signed overflow: N V
  mrs x5, nzcv
  subs x6, x2, #2                 // 0x8000..1 - 2 overflows the other way
  mrs x7, nzcv
  add x8, x1, #0xabc, lsl #12
  sub w13, w1, #0xfff
  adds w14, w2, w2
  mrs x15, nzcv
  add x0, x1, x2, lsl #3
  sub x3, x1, x2, lsr #5
  subs x4, x2, x1, asr #63
  mrs x5, nzcv
  add w6, w1, w2, asr #31
  movl x7, 0xfffffffffffff080
  add x8, x1, w7, sxtb
  add x13, x1, w7, uxth #2
  sub x14, x2, x7, sxtx #4
  adds x15, x1, w7, sxtw
  mrs x0, nzcv
  add x3, sp, #16                 // SP as Rn
  add sp, sp, #32
  sub sp, sp, #32
  add x4, sp, x7, uxtx #1
  cmp x1, x2
  mrs x5, nzcv
  cmn x1, #1
  mrs x6, nzcv
  cmp w1, #0
  mrs x7, nzcv
  negs x8, x1
  neg w13, w2
  mrs x14, nzcv
  // with carry
  movl x1, 0xffffffffffffffff
  adds x2, x1, #1                 // C=1
  adc x3, x1, x1
  adcs x4, x1, xzr
  mrs x5, nzcv
  sbc x6, x1, x2
  sbcs w7, w1, w1
  mrs x8, nzcv
  ngc x13, x1
  ngcs w14, w1
  mrs x15, nzcv
  adds xzr, x1, x1                // cmn alias with xzr destination
  mrs x0, nzcv
  done "alu-addsub"
