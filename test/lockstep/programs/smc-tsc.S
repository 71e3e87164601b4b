// SMC trapped by HCR_EL2.TSC from EL1 (EC 0x17, ELR = the SMC itself), also with a PSCI
// function id in x0; SMC at EL0 is UNDEFINED (to EL1).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 19)    // RW, TSC
  msr hcr_el2, x0
  isb
  eret_el2 el1, 0x3c5
el1:
  mov x0, #0x42
  smc #0x1234
  check_ec x20, 0x17
  check x23, 0x400
  mov x1, x20
  adr x2, el1
  sub x2, x21, x2                   // ELR points at the smc
  movl x0, 0x84000000               // PSCI_VERSION: still trapped
  smc #0
  check_ec x20, 0x17
  mov x3, x0
  mov x4, x20
  eret_el1 el0, 0x0
el0:
  smc #5
  check_ec x24, 0x00
  mov x5, x24
  mov x6, x25
  svc #0xf00
  done "smc-tsc"
