// A misaligned SP with SCTLR_ELx.SA = 0 (no SP alignment check): SP-based loads/stores and
// arithmetic on an SP that is only 8-byte aligned. (SA = 1 is not tested: QEMU 7.2 does not
// implement the SP alignment check.)
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  sub sp, sp, #8
  mov x1, sp
  movl x2, 0x0badf00ddeadbeef
  str x2, [sp]
  stp x2, x1, [sp, #-16]!
  ldr x3, [sp, #16]
  ldp x4, x5, [sp], #16
  add sp, sp, #8
  mov x6, sp
  eret_el2 el1, 0x3c5
el1:
  sub sp, sp, #4
  str w2, [sp]
  ldr w7, [sp]
  mov x8, sp
  add sp, sp, #4
  hvc #0xf00
  done "sp-unaligned"
