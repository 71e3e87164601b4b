// Loads/stores with register offsets: LSL by the access size, UXTW/SXTW/SXTX extends.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  adr x1, tab
  mov x2, #3
  ldr x3, [x1, x2, lsl #3]
  ldr x4, [x1, x2]
  ldr w5, [x1, x2, lsl #2]
  ldrh w6, [x1, x2, lsl #1]
  ldrb w7, [x1, x2]
  ldrsb x8, [x1, x2, lsl #0]
  mov w13, #-1
  add x14, x1, #16
  ldr x15, [x14, w13, sxtw #3]     // tab[1]
  ldrsh w0, [x14, w13, sxtw]
  mov w2, #4
  ldr w3, [x1, w2, uxtw #2]
  mov x2, #-2
  ldrsw x4, [x14, x2, sxtx #2]
  movl x5, 0x5a5a5a5a5a5a5a5a
  mov x2, #5
  str x5, [x1, x2, lsl #3]
  strb w5, [x1, x2]
  strh w5, [x1, w13, sxtw #1]
  add x13, x1, #2
  str w5, [x13, w13, sxtw #2]
  ldr x6, [x1, #40]
  ldr x7, [x1]
  done "ldst-reg"
  .balign 16
  .skip 16
tab:
  .quad 0x1111111111111111, 0x2222222222222222, 0x3333333333333333, 0x8484848484848484
  .quad 0x5555555555555555, 0x6666666666666666, 0x7777777777777777, 0x8888888888888888
