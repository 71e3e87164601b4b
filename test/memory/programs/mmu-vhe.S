// lockstep: cpu=max
// The EL2&0 regime (VHE) against QEMU -cpu max: HCR_EL2.{E2H,TGE} = {1,1}, TTBR0_EL2 and
// TTBR1_EL2 with TCR_EL2 in the EL1 layout, the upper range at EL2, then EL0 in the same
// regime with its own permissions (AP[1], UXN), its faults taken to EL2 (EC 0x24/0x20).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x9, 0x48000000               // HCR_EL2: RW TGE E2H
  orr x9, x9, #(1 << 31)
  orr x9, x9, #(1 << 34)
  msr hcr_el2, x9
  isb
  adr x9, pt0
  msr ttbr0_el2, x9
  adr x9, pt1
  msr ttbr1_el1, x9                 // E2H: the TTBR1_EL1 encoding reaches TTBR1_EL2
  movl x9, 0x280193519              // TCR_EL2 (E2H layout): T0SZ=T1SZ=25, 4K, EPD1=0, IPS=40 bits
  msr tcr_el2, x9
  mov x9, #0xff00
  msr mair_el2, x9
  tlbi alle2
  dsb sy
  isb
  movl x9, 0x30c51835 | (1 << 23)   // SCTLR_EL2: M C I, SPAN=1
  msr sctlr_el2, x9
  isb
  movl x1, 0xffffff8000001000        // upper range, level 3 page: the data page
  ldr x2, [x1]
  str x2, [x1, #8]                  // read-only: permission fault, level 3, at EL2
  movl x1, 0xffffff8000002000
  ldr x3, [x1]                      // upper range, unmapped: translation fault, level 3
  mov x4, x20
  mov x5, x19
  movl x1, 0x80345000
  ldr x3, [x1]                      // lower range, level 1 invalid
  mov x6, x20
  at s1e0r, x1
  mrs x7, par_el1
  movl x1, 0xffffff8000001000
  at s1e0r, x1                      // EL0 access (AP[1] = 1)
  mrs x8, par_el1
  eret_el2 el0_code, 0x3c0

el0_code:
  movl x1, 0xffffff8000001000
  ldr x2, [x1, #16]                 // EL0 readable
  str x2, [x1, #24]                 // read-only at EL0: permission, level 3, to EL2
  mov x13, x20
  mov x14, x19
  adr x1, el0_code
  ldr w2, [x1]                      // the code block is not EL0-readable (AP[1] = 0)
  mov x15, x20
  svc #0xf00

  .balign 4096
pt0:                                // VA 0 - 512 GB
  .quad 0x0060000000000401          // 0 GB: Device (the UART), PXN UXN
  .quad 0x0000000040000705          // 1 GB: RAM, EL2 RW, no EL0 data access, EL0-executable (UXN=0)
  .skip 4096 - 16
pt1:                                // upper range: 0xffffff80_00000000 + …
  .quad pt1_l2 + 3
  .skip 4096 - 8
pt1_l2:
  .quad pt1_l3 + 3
  .skip 4096 - 8
pt1_l3:
  .quad 0
  .quad data_page + 0x7c7           // EL1 RO, EL0 RO (AP=11)... a write faults at any EL
  .skip 4096 - 16
data_page:
  .quad 0x1111, 0x2222, 0x3333, 0x4444
  .skip 4096 - 32
  done "mmu-vhe"
