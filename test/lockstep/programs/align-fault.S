// Alignment faults (DFSC 0b100001): SCTLR_EL2.A = 1 at EL2 (MMU on and off), SCTLR_EL1.A at EL1;
// exclusive loads to unaligned addresses fault even with A = 0; SP alignment checking
// (SCTLR.SA) is left off, which QEMU does not implement.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  adr x1, buf
  movl x9, 0x30c5083a               // SCTLR_EL2 RES1 | A
  msr sctlr_el2, x9
  isb
  ldr x2, [x1, #4]
  check_ec x20, 0x25
  mov x3, x20
  mov x4, x19
  ldr w2, [x1, #4]                  // aligned: fine
  ldrh w5, [x1, #3]
  mov x6, x20
  mov x7, x19
  mmu_on_el2                        // sets SCTLR_EL2 without A
  ldr x8, [x1, #3]                  // Normal memory, A = 0: fine
  ldxr x13, [x1, #0]
  add x9, x1, #4
  ldxr x13, [x9]                    // unaligned exclusive: fault
  check_ec x20, 0x25
  mov x14, x20
  mov x15, x19
  clrex
  eret_el2 el1, 0x3c5
el1:
  movl x9, 0x34d5ca02               // SCTLR_EL1 | A
  msr sctlr_el1, x9
  isb
  ldr w2, [x1, #2]
  check_ec x24, 0x25
  mov x0, x24
  mov x2, x16
  check x28, 4
  hvc #0xf00
  done "align-fault"
  .balign 16
buf: .quad 0x0102030405060708, 0x1112131415161718, 0x2122232425262728
