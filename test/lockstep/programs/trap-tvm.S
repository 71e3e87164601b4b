// HCR_EL2.TVM traps EL1 writes to the virtual-memory control registers, TRVM the reads
// (EC 0x18, ISS = Op0 Op2 Op1 CRn Rt CRm Direction).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 26)    // RW, TVM
  msr hcr_el2, x0
  isb
  eret_el2 el1, 0x3c5
el1:
  movl x1, 0x30d00800
  msr sctlr_el1, x1
  check_ec x20, 0x18
  mov x2, x20
  msr ttbr0_el1, x1
  mov x3, x20
  msr ttbr1_el1, x2
  mov x4, x20
  msr tcr_el1, x3
  mov x5, x20
  msr mair_el1, x4
  mov x6, x20
  msr amair_el1, x5
  msr contextidr_el1, x6
  mov x7, x20
  msr far_el1, x0
  msr esr_el1, x0
  msr afsr0_el1, x0
  msr afsr1_el1, x0
  mov x8, x20
  mrs x13, tcr_el1                  // reads not trapped by TVM
  mrs x14, mair_el1
  check x28, 11
  movl x0, (1 << 31) | (1 << 30)    // RW, TRVM
  hvc #0xf01
  mrs x13, sctlr_el1
  check_ec x20, 0x18
  mov x15, x20
  mrs x13, ttbr0_el1
  mov x1, x20
  mrs x13, contextidr_el1
  mov x2, x20
  mrs x13, far_el1
  mov x3, x20
  msr tcr_el1, xzr                  // writes not trapped by TRVM, reads are
  mrs x5, tcr_el1
  check_ec x20, 0x18
  check x28, 17
  hvc #0xf00
  done "trap-tvm"
