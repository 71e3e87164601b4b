// Move wide: MOVZ, MOVN, MOVK at every shift, 32- and 64-bit; MOV aliases.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movz x0, #0x1234
  movz x1, #0x1234, lsl #16
  movz x2, #0x1234, lsl #32
  movz x3, #0x1234, lsl #48
  movn x4, #0
  movn x5, #0x1234, lsl #16
  movn w6, #0x1234
  movn w7, #0xffff, lsl #16
  movz w8, #0xbeef, lsl #16
  movk x8, #0xdead, lsl #48
  movk w8, #0x55aa
  mov x13, #-2
  mov w14, #-0x10000
  mov x15, #0x7fff0000
  movk x15, #0xffff, lsl #0
  mov x0, #0xffff00000000ffff      // bitmask immediate form
  mov w1, #0x80000000
  mov x2, xzr
  mov w3, wzr
  mov x4, sp
  mov sp, x0
  mov x5, sp
  mov sp, x4
  done "movewide"
