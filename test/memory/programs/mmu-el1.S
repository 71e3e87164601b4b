// EL1&0 stage 1 against QEMU: 4K granule, T0SZ=25 (walk from level 1), EPD1; translation,
// access flag and permission faults at each level (ESR_EL1, FAR_EL1), execute permissions
// (PXN, EL0-writable), EL0 permissions, AT S1E1R/W S1E0R/W (PAR_EL1), TLBI VAE1 after a change.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  adr x9, pt_l1
  msr ttbr0_el1, x9
  movl x9, 0x280993519              // TCR_EL1: T0SZ=25, WB IS, 4K; T1SZ=25 EPD1 TG1=4K; IPS=40 bits
  msr tcr_el1, x9
  mov x9, #0xff00                   // MAIR_EL1: attr0 Device-nGnRnE, attr1 Normal WB
  msr mair_el1, x9
  tlbi vmalle1
  dsb sy
  isb
  movl x9, 0x34d5da05               // SCTLR_EL1: the lib's value + M C I
  msr sctlr_el1, x9
  eret_el2 el1_code, 0x3c5

el1_code:
  mov x1, #0x1000
  ldr x2, [x1]                      // the data page
  str x2, [x1, #8]
  mov x1, #0
  ldr x3, [x1]                      // translation fault, level 3
  mov x4, x24
  mov x5, x16
  mov x1, #0x2000
  ldr x3, [x1, #16]                 // access flag, level 3
  mov x6, x24
  mov x1, #0x3000
  ldr x3, [x1]
  str x3, [x1, #24]                 // permission, level 3, WnR
  mov x7, x24
  mov x8, x16
  movz x1, #0x40, lsl #16
  ldrb w3, [x1]                     // translation, level 2
  mov x13, x24
  movz x1, #0x60, lsl #16
  ldr w3, [x1]
  strh w3, [x1, #2]                 // permission, level 2
  mov x14, x24
  movz x1, #0x80, lsl #16
  ldr x3, [x1]                      // access flag, level 2
  mov x15, x24
  movl x1, 0x80000000
  ldp x2, x3, [x1]                  // access flag, level 1
  mov x0, x24
  movl x1, 0xc0000008
  ldr x3, [x1]                      // translation, level 1
  mov x2, x24
  movl x1, 0x8000000000
  ldr x3, [x1]                      // outside the 39-bit range: translation, level 0
  mov x4, x24
  mov x5, x16
  movl x1, 0xffffffffc0000000
  ldr x3, [x1]                      // TTBR1 range with EPD1: translation, level 0
  mov x6, x24
  mov x7, x16
  // Instruction aborts (EC 0x21): EL0-writable page, PXN page; then a good branch.
  adr x17, 1f
  mov x1, #0x4000
  blr x1
1:
  mov x8, x24
  mov x13, x16
  adr x17, 2f
  mov x1, #0x5000
  blr x1
2:
  mov x14, x24
  mov x1, #0x6000
  blr x1                            // `ret` in the data page
  // AT → PAR_EL1
  mov x1, #0x3000
  at s1e1r, x1
  mrs x0, par_el1
  at s1e1w, x1
  mrs x2, par_el1
  at s1e0r, x1
  mrs x3, par_el1
  mov x1, #0x4000
  at s1e0w, x1
  mrs x4, par_el1
  mov x1, #0x10
  at s1e1r, x1
  mrs x5, par_el1
  movl x1, 0x80000000
  at s1e1w, x1
  mrs x6, par_el1
  movz x1, #0x20, lsl #16
  at s1e1r, x1
  mrs x7, par_el1
  // Repoint VA 0x1000 at the second data page, then TLBI VAE1 (ASID 0).
  adr x1, pt_l3
  ldr x2, [x1, #8]
  add x2, x2, #0x1000
  str x2, [x1, #8]
  dsb sy
  mov x3, #1
  tlbi vae1, x3
  dsb sy
  isb
  mov x1, #0x1000
  ldr x8, [x1, #8]
  eret_el1 el0_code, 0x3c0

el0_code:
  mov x1, #0x4000
  str x1, [x1]                      // EL0 read/write page
  ldr x2, [x1]
  mov x1, #0x1000
  ldr x3, [x1]                      // no EL0 access: permission, level 3, EC 0x24 to EL1
  mov x4, x24
  mov x5, x16
  svc #0xf00

  .balign 4096
pt_l1:
  .quad pt_l2 + 3
  .quad 0x0000000040000705          // 1 GB: RAM, Normal, EL1 RW
  .quad 0x0000000040000305          // 2 GB: no AF
  .quad 0
  .skip 4096 - 32
pt_l2:
  .quad pt_l3 + 3
  .quad 0x0040000009000401          // 2 MB: UART, Device, XN
  .quad 0                           // 4 MB: invalid
  .quad 0x0000000040000785          // 6 MB: read-only
  .quad 0x0000000040000385          // 8 MB: no AF
  .skip 4096 - 40
pt_l3:
  .quad 0                           // 0: invalid
  .quad data_page + 0x707           // 0x1000: RW
  .quad data_page + 0x307           // 0x2000: no AF
  .quad data_page + 0x787           // 0x3000: read-only
  .quad data_page + 0x747           // 0x4000: EL0 RW (so not EL1-executable)
  .quad data_page + 0x0020000000000707 // 0x5000: PXN
  .quad data_page + 0x707           // 0x6000: RW, executable
  .skip 4096 - 56
data_page:
  ret
  .skip 4096 - 4
data_page2:
  .quad 0x1111, 0x2222, 0x3333
  .skip 4096 - 24
  done "mmu-el1"
