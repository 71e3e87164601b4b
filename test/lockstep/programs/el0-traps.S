// EL0 accesses controlled by SCTLR_EL1 (trapped to EL1, EC 0x18): CTR_EL0 (UCT), DAIF (UMA),
// DC ZVA (DZE), DC CVAU / IC IVAU (UCI); allowed with the bits set.
// The syndrome of the trapped MSR DAIFSet is not read: QEMU 7.2 reports it with Op1 and Op2
// swapped (ISS Op1 = 6, Op2 = 3 for the encoding's op1 = 3, op2 = 6; ARM ARM: the encoding's
// values), and no instruction can read ESR_EL1 other than whole into a compared X register, so
// that one trap is checked by its vector, ELR and count only (x24 = -1, lib.inc; README.md).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  eret_el2 el1, 0x3c5
el1:
  movl x0, 0x30d50800               // SCTLR_EL1 RES1 + nTWI nTWE; UCI UCT DZE UMA clear
  msr sctlr_el1, x0
  isb
  adr x1, buf
  eret_el1 el0, 0
el0:
  mrs x2, ctr_el0
  check_ec x24, 0x18
  mov x2, x24
  mov x24, #-1                      // the next ESR_EL1 is not read (see above)
  msr daifset, #1                   // trapped: EC 0x18
  check x24, 0
  check x27, 0x400
  mov x3, x25
  mrs x4, daif
  mov x4, x24
  dc zva, x1
  mov x5, x24
  dc cvau, x1
  mov x6, x24
  ic ivau, x1
  mov x7, x24
  dc civac, x1
  mov x8, x24
  check x28, 7
  movl x0, 0x34d5ca00               // everything allowed again
  svc #0xf01
  mrs x13, daif
  msr daifclr, #0
  dc cvau, x1
  mrs x14, tpidr_el0
  check x28, 8
  svc #0xf00
  .balign 64
buf: .skip 64
  done "el0-traps"
