// One-source data processing: RBIT, REV, REV16, REV32, CLZ, CLS; CRC32 (ARMv8.0 optional, on the A57).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x00f0123456789abc
  movl x2, 0xfff0000000000001
  rbit x3, x1
  rbit w4, w2
  rev x5, x1
  rev w6, w1
  rev16 x7, x1
  rev16 w8, w2
  rev32 x13, x1
  clz x14, x1
  clz w15, w2
  clz x0, xzr
  cls x3, x2
  cls w4, w1
  cls x5, xzr
  crc32b w6, w1, w2
  crc32h w7, w6, w2
  crc32w w8, w7, w1
  crc32x w13, w8, x2
  crc32cb w14, w1, w2
  crc32ch w15, w14, w1
  crc32cw w0, w15, w2
  crc32cx w3, w0, x1
  done "dp-1src"
