// PC-relative: ADR, ADRP, LDR (literal) of every size, LDRSW literal, PRFM literal.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  adr x0, _start
  adr x1, lit64
  adrp x2, lit64
  adrp x3, _start + 0x12345000
  adr x4, .
  ldr x5, lit64
  ldr w6, lit32
  ldrsw x7, lit32
  ldr x8, =0x1122334455667788
  ldr w13, =0xcafef00d
  prfm pldl1keep, lit64
  sub x14, x1, x0
  and x15, x1, #0xfff
  b 1f
  .balign 8
lit64: .quad 0x0123456789abcdef
lit32: .word 0x87654321
1:
  done "pcrel"
