// MDCR_EL2 traps from EL1 to EL2 (EC 0x18): TDA (debug registers: MDSCR_EL1, DBGBVR0_EL1),
// TPM (PMU registers: PMCR_EL0 and the rest), TDOSA (OS lock registers).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x0, #(1 << 9) | (1 << 6) | (1 << 10) | 6    // TDA, TPM, TDOSA, HPMN = 6
  msr mdcr_el2, x0
  isb
  eret_el2 el1, 0x3c5
el1:
  mrs x1, mdscr_el1
  check_ec x20, 0x18
  mov x1, x20
  msr dbgbvr0_el1, xzr
  mov x2, x20
  mrs x3, pmcr_el0
  mov x3, x20
  msr pmcntenset_el0, xzr
  mov x4, x20
  mrs x5, osdlr_el1
  mov x5, x20
  msr oslar_el1, xzr
  mov x6, x20
  check x28, 6
  hvc #0xf00
  done "trap-debug"
