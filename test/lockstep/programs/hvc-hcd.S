// HCR_EL2.HCD = 1: HVC is UNDEFINED at EL2 and EL1 (EC 0x00 at the current EL). The program
// ends with an SMC trapped by HCR_EL2.TSC.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 29) | (1 << 19)    // RW, HCD, TSC
  msr hcr_el2, x0
  isb
  hvc #0x10
  check_ec x20, 0x00
  check x23, 0x200
  mov x1, x20
  mov x2, x21
  eret_el2 el1, 0x3c5
el1:
  hvc #0x20
  check_ec x24, 0x00
  check x27, 0x200
  mov x3, x24
  mov x4, x25
  mov x0, #0
  smc #0xf00
  done "hvc-hcd"
