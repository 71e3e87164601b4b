// lockstep: cpu=max
// LSE atomics (ARMv8.1): LDADD/LDCLR/LDEOR/LDSET/LDSMAX/LDUMIN, SWP, CAS (hit and miss),
// CASP, ST* aliases, acquire/release and byte/half forms. Runs on -cpu max.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  adr x1, buf
  mov x2, #5
  ldadd x2, x3, [x1]
  ldclr x2, x4, [x1]
  ldeor x2, x5, [x1]
  ldset x2, x6, [x1]
  movl x2, 0x8000000000000000
  ldsmax x2, x7, [x1]
  ldumin x2, x8, [x1]
  ldsmin x2, x13, [x1]
  ldumax x2, x14, [x1]
  swp x2, x15, [x1]
  mov x0, x2
  mov x3, #42
  cas x0, x3, [x1]                  // hit: memory = 42, x0 = old
  mov x4, #1
  casa x4, x3, [x1]                 // miss: x4 = 42
  ldaddal w4, w5, [x1]
  ldaddb w4, w6, [x1]
  ldclrh w4, w7, [x1]
  swpal w4, w8, [x1]
  stadd x4, [x1]
  steor w4, [x1]
  stsetl x4, [x1]
  add x9, x1, #16
  ldp x10, x11, [x9]
  mov x12, #0x55
  mov x13, #0x66
  casp x10, x11, x12, x13, [x9]
  ldp x14, x15, [x9]
  casalb w0, w3, [x1]
  ldr x2, [x1]
  done "lse-atomics"
  .balign 16
buf: .quad 0x1234, 0
  .quad 0xaaaa, 0xbbbb
