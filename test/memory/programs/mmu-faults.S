// The fault kinds and levels mmu-el1/mmu-s2 leave out, against QEMU. Stage 1 (EL1&0, 4K, T0SZ=16:
// a four-level walk from level 0, TCR_EL1.IPS = 32 bits): translation at level 0 (an invalid
// level 0 entry), permission at level 1 (a read-only 1 GB block), address size faults (output
// addresses at or above 4 GB) at levels 1, 2 and 3; AT S1E1R/W into PAR_EL1. Then stage 1 off and
// stage 2 on (VMID 3, a 39-bit IPA space): translation at level 0 (an IPA beyond it), access flag at
// levels 1, 2 and 3, permission at levels 1 and 3, address size at level 1 (ESR_EL2, FAR_EL2,
// HPFAR_EL2 in x15 from this program's own vector).
  .include "lib.inc"

  .macro fvec off
  .balign 128
  .if \off == 0x400
  mrs x15, hpfar_el2
  .endif
  mov x9, #\off
  b lib_handler_el2
  .endm

  .text
  .global _start
_start:
  init
  adr x9, f_vectors
  msr vbar_el2, x9
  adr x9, s2_l1
  orr x9, x9, #(3 << 48)            // VMID 3
  msr vttbr_el2, x9
  // VTCR_EL2: T0SZ=25 (39-bit IPA), SL0=1 (level 1), WB IS, 4K, PS=40 bits. (SL0=2, a level 0
  // start, is inconsistent with 4K pages when the PA size is under 44 bits, as on the A57.)
  movl x9, 0x80023559
  msr vtcr_el2, x9
  adr x9, pt_l0
  msr ttbr0_el1, x9
  movl x9, 0x80993510               // TCR_EL1: T0SZ=16, WB IS, 4K; EPD1; IPS=32 bits
  msr tcr_el1, x9
  mov x9, #0xff00
  msr mair_el1, x9
  tlbi alle1
  dsb sy
  isb
  movl x9, 0x34d5da05               // SCTLR_EL1: M C I
  msr sctlr_el1, x9
  eret_el2 el1_code, 0x3c5

el1_code:
  movl x1, 0x8000000000
  ldr x2, [x1]                      // stage 1 translation, level 0
  mov x3, x24
  mov x4, x16
  movl x1, 0x80000000
  ldr x2, [x1]                      // read-only 1 GB block: fine
  str x2, [x1, #8]                  // permission, level 1
  mov x5, x24
  mov x6, x16
  movl x1, 0xc0000000
  ldr x2, [x1]                      // output address 4 GB: address size, level 1
  mov x7, x24
  movl x1, 0x100000000
  ldr x2, [x1]                      // address size, level 3
  mov x8, x24
  movl x1, 0x100200000
  ldr x2, [x1]                      // address size, level 2
  mov x13, x24
  mov x14, x16
  movl x1, 0x8000000000
  at s1e1r, x1
  mrs x0, par_el1
  movl x1, 0x80000000
  at s1e1w, x1
  mrs x2, par_el1
  movl x1, 0x100200000
  at s1e1r, x1
  mrs x3, par_el1
  at s1e1w, x1                      // the same fault for a write
  mrs x4, par_el1
  // Stage 1 off, stage 2 on.
  movl x0, 0x34d5ca00
  svc #0xf01
  movl x0, 0x80000001               // HCR_EL2: RW VM
  hvc #0xf01
  movl x1, 0x8000000000
  ldr x2, [x1]                      // IPA 2^39, out of range: stage 2 translation, level 0
  mov x3, x20
  mov x4, x19
  mov x5, x15
  movl x1, 0xc0000000
  ldr w2, [x1]                      // stage 2 access flag, level 1
  mov x6, x20
  mov x7, x15
  movl x1, 0x80200010
  ldrb w2, [x1]                     // access flag, level 2
  mov x8, x20
  mov x13, x15
  movl x1, 0x80000008
  ldrsh x2, [x1]                    // access flag, level 3
  mov x14, x20
  mov x0, x15
  movl x1, 0x100000000
  ldr x2, [x1]                      // read-only 1 GB block: fine
  str w2, [x1]                      // permission, level 1
  mov x3, x20
  mov x4, x15
  movl x1, 0x80001000
  ldr x2, [x1]                      // read-only page: fine
  strh w2, [x1, #6]                 // permission, level 3
  mov x5, x20
  mov x6, x15
  movl x1, 0x80002000
  ldr x2, [x1]                      // a good page
  movl x1, 0x140000000
  ldr x7, [x1]                      // output address 2^40: address size, level 1
  mov x7, x20
  mov x8, x15
  hvc #0xf00

  .balign 2048
f_vectors:
  fvec 0x000
  fvec 0x080
  fvec 0x100
  fvec 0x180
  fvec 0x200
  fvec 0x280
  fvec 0x300
  fvec 0x380
  fvec 0x400
  fvec 0x480
  fvec 0x500
  fvec 0x580
  fvec 0x600
  fvec 0x680
  fvec 0x700
  fvec 0x780

  .balign 4096
pt_l0:                              // stage 1 level 0: 512 GB each
  .quad pt_l1 + 3
  .quad 0                           // 512 GB: invalid
  .skip 4096 - 16
pt_l1:
  .quad 0x0040000000000401          // 0 GB: Device
  .quad 0x0000000040000705          // 1 GB: RAM
  .quad 0x0000000040000785          // 2 GB: RAM, read-only
  .quad 0x0000000100000705          // 3 GB: output 4 GB (beyond IPS)
  .quad pt_l2 + 3                   // 4 GB: a level 2 table
  .skip 4096 - 40
pt_l2:
  .quad pt_l3 + 3
  .quad 0x0000000100200705          // 4 GB + 2 MB: a block beyond IPS
  .skip 4096 - 16
pt_l3:
  .quad 0x0000000100000707          // 4 GB: a page beyond IPS
  .skip 4096 - 8
s2_l1:
  .quad 0x00000000000004c1          // 0 GB: Device, RW
  .quad 0x00000000400007fd          // 1 GB: RAM, RW
  .quad s2_l2 + 3                   // 2 GB: a level 2 table
  .quad 0x00000000400003fd          // 3 GB: AF = 0
  .quad 0x000000004000077d          // 4 GB: RAM, read-only
  .quad 0x00000100000007fd          // 5 GB: output 2^40 (beyond PS)
  .skip 4096 - 48
s2_l2:
  .quad s2_l3 + 3
  .quad 0x00000000400003fd          // 2 GB + 2 MB: AF = 0
  .skip 4096 - 16
s2_l3:
  .quad data_page + 0x3ff           // 2 GB: AF = 0
  .quad data_page + 0x77f           // + 0x1000: read-only
  .quad data_page + 0x7ff           // + 0x2000: RW
  .skip 4096 - 24
data_page:
  .quad 0x1111, 0x2222
  .skip 4096 - 16
  done "mmu-faults"
