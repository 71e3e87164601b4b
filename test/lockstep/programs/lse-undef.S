// LSE atomics (ARMv8.1) on the Cortex-A57: UNDEFINED (EC 0x00).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  adr x1, buf
  mov x2, #5
  ldadd x2, x3, [x1]
  check_ec x20, 0x00
  cas x2, x3, [x1]
  swp x2, x4, [x1]
  casp x2, x3, x4, x5, [x1]
  stadd w2, [x1]
  ldsetal x2, x6, [x1]
  check x28, 6
  ldr x7, [x1]
  done "lse-undef"
  .balign 16
buf: .quad 7, 9
