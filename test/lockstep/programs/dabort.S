// Data aborts at EL2 with the EL2 MMU on: translation fault (level 1, unmapped 3 GB block),
// permission fault (store to the read-only alias), reads through the alias; ESR (DFSC, WnR)
// and FAR. ISV and the fields it validates are masked (see lib.inc).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  movl x1, 0xc0001238
  ldr x2, [x1]
  check_ec x20, 0x25
  mov x3, x20
  mov x4, x19
  str x2, [x1, #8]
  mov x5, x20
  mov x6, x19
  adr x7, val
  movl x8, 0x40000000
  add x8, x7, x8                    // same location through the read-only 2 GB alias
  ldr x13, [x8]
  str x13, [x8]
  check_ec x20, 0x25
  mov x14, x20
  mov x15, x19
  ldp x0, x1, [x8, #-16]
  stp x0, x1, [x8, #-8]
  mov x0, x20
  mov x1, x19
  check x28, 4
  done "dabort"
  .balign 16
  .quad 0x1111, 0x2222
val: .quad 0x1234567887654321
