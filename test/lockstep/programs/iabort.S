// Instruction aborts at EL2 (EC 0x21) with the EL2 MMU on: translation fault (branch into the
// unmapped 3 GB block), permission faults (XN: the read-only RAM alias and Device memory).
// ELR = FAR = the target; x18 resumes.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  movl x1, 0xc0000000
  adr x18, 1f
  br x1
1:
  check_ec x20, 0x21
  mov x2, x20
  mov x3, x19
  mov x4, x21
  adr x1, 2f
  movl x5, 0x40000000
  add x1, x1, x5
  adr x18, 2f
  blr x1                            // XN alias of this very code
2:
  check_ec x20, 0x21
  mov x6, x20
  mov x7, x19
  mov x8, x30
  movl x1, 0x09000000
  adr x18, 3f
  br x1                             // Device, XN
3:
  mov x13, x20
  mov x14, x19
  check x28, 3
  done "iabort"
