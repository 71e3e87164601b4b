// HCR_EL2 maintenance traps from EL1 to EL2 (EC 0x18): TTLB (TLBI), TSW (DC by set/way),
// TPC (DC to PoC), TPU (DC/IC to PoU), TDZ (DC ZVA), TID1 (AIDR/REVIDR), TID2 (CTR/CLIDR/CCSIDR/CSSELR).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x0, (1 << 31) | (1 << 25) | (1 << 22) | (1 << 23) | (1 << 24) | (1 << 28)  // RW TTLB TSW TPC TPU TDZ
  msr hcr_el2, x0
  isb
  adr x1, buf
  eret_el2 el1, 0x3c5
el1:
  tlbi vmalle1
  check_ec x20, 0x18
  mov x2, x20
  tlbi vae1, x1
  mov x3, x20
  dc isw, xzr
  mov x4, x20
  dc csw, xzr
  dc cisw, xzr
  mov x5, x20
  dc civac, x1
  mov x6, x20
  dc cvac, x1
  dc cvau, x1
  mov x7, x20
  ic ivau, x1
  mov x8, x20
  ic iallu
  dc zva, x1
  mov x13, x20
  check x28, 11
  movl x0, (1 << 31) | (1 << 16) | (1 << 17)   // RW TID1 TID2
  hvc #0xf01
  mrs x14, aidr_el1
  check_ec x20, 0x18
  mov x14, x20
  mrs x15, revidr_el1
  mov x15, x20
  mrs x2, ctr_el0
  mov x2, x20
  mrs x3, clidr_el1
  mov x3, x20
  mrs x4, ccsidr_el1
  mov x4, x20
  mrs x5, csselr_el1
  mov x5, x20
  msr csselr_el1, xzr
  mov x6, x20
  check x28, 19
  hvc #0xf00
  .balign 64
buf: .skip 64
  done "trap-hcr-misc"
