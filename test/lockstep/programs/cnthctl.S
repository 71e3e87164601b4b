// Generic timer access traps: CNTHCTL_EL2.EL1PCTEN/EL1PCEN = 0 trap EL1 (and EL0) accesses to
// the physical counter and timer to EL2; CNTKCTL_EL1 = 0 traps EL0 accesses to EL1. No counter
// value is ever read (trapped accesses are skipped).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  msr cnthctl_el2, xzr
  msr cntkctl_el1, xzr
  isb
  eret_el2 el1, 0x3c5
el1:
  mov x1, #1
  mrs x1, cntpct_el0
  check_ec x20, 0x18
  mov x2, x20
  mrs x3, cntp_ctl_el0
  mov x3, x20
  msr cntp_cval_el0, xzr
  mov x4, x20
  msr cntp_tval_el0, xzr
  mov x5, x20
  check x28, 4
  eret_el1 el0, 0
el0:
  mrs x6, cntvct_el0
  check_ec x24, 0x18
  mov x6, x24
  mrs x7, cntv_ctl_el0
  mov x7, x24
  mrs x8, cntpct_el0
  mov x8, x24
  mov x13, x23
  mov x14, x27
  svc #0xf00
  done "cnthctl"
