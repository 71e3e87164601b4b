// WFI traps: HCR_EL2.TWI from EL1 to EL2 (EC 0x01, ISS CV=1 COND=0xe TI=0), and
// SCTLR_EL1.nTWI = 0 from EL0 to EL1.
// Left out on purpose, because QEMU 7.2 does not trap them and they would not lockstep:
// any WFE trap (QEMU executes WFE as YIELD: HCR_EL2.TWE and SCTLR_EL1.nTWE are ignored), and
// WFI at EL0 under HCR_EL2.TWI with SCTLR_EL1.nTWI = 1.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 14) | (1 << 13)    // RW, TWE, TWI
  msr hcr_el2, x0
  isb
  eret_el2 el1, 0x3c5
el1:
  wfi
  check_ec x20, 0x01
  check x23, 0x400
  mov x1, x20
  mov x2, x21
  movl x0, 0x34d0ca00               // SCTLR_EL1 without nTWI, nTWE
  msr sctlr_el1, x0
  isb
  eret_el1 el0, 0x0
el0:
  wfi
  check_ec x24, 0x01
  check x27, 0x400
  mov x6, x24
  mov x7, x25
  check x28, 2
  svc #0xf00
  done "trap-wfx"
