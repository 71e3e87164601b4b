// Stage 2 against QEMU: VTCR_EL2 T0SZ=24 SL0=1 (two concatenated level 1 tables), VMID 1;
// stage 2 faults from EL1 to EL2 (ESR_EL2 with ISV/SRT… for single loads/stores, FAR_EL2,
// HPFAR_EL2 read by this program's own lower-EL vector into x15), S2AP/XN, stage 1 on top
// with a stage 2 fault on its table walk (S1PTW), AT S12E1R/W at EL2, AT S1E1R at EL1 (CM).
  .include "lib.inc"

  .macro s2vec off
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
  adr x9, s2_vectors
  msr vbar_el2, x9
  adr x9, s2_l1
  orr x9, x9, #(1 << 48)            // VMID 1
  msr vttbr_el2, x9
  movl x9, 0x80023558               // VTCR_EL2: T0SZ=24, SL0=1, WB IS, 4K, PS=40 bits
  msr vtcr_el2, x9
  adr x9, pt_l1                     // stage 1 (off for now): identity, tables at IPA = PA
  msr ttbr0_el1, x9
  movl x9, 0x280993519
  msr tcr_el1, x9
  mov x9, #0xff00
  msr mair_el1, x9
  movl x9, 0x80000001               // HCR_EL2: RW VM
  msr hcr_el2, x9
  tlbi alle1
  dsb sy
  isb
  // AT at EL2 with stage 1 off: stage 2 alone.
  movl x1, 0x80000010
  at s12e1r, x1
  mrs x0, par_el1
  at s12e1w, x1
  mrs x2, par_el1
  movl x1, 0x80400000
  at s12e1r, x1
  mrs x3, par_el1
  movl x1, 0xc0000000
  at s12e1r, x1
  mrs x4, par_el1
  eret_el2 el1_code, 0x3c5

el1_code:
  movl x1, 0x80000010
  ldr x2, [x1]                      // stage 2 read-only block: fine
  str x2, [x1]                      // stage 2 permission, level 2 (to EL2, ISV)
  mov x3, x20
  mov x4, x19
  mov x5, x15
  movl x1, 0x80201000
  ldr w6, [x1]                      // stage 2 translation, level 3
  mov x6, x20
  mov x7, x15
  movl x1, 0x80400000
  ldrh w2, [x1]                     // stage 2 translation, level 2
  mov x8, x20
  mov x13, x15
  movl x1, 0xc0000000
  ldp x2, x3, [x1]                  // stage 2 translation, level 1 (a pair: no ISV)
  mov x14, x20
  mov x0, x15
  adr x18, 1f
  movl x1, 0x80200000
  blr x1                            // stage 2 XN: instruction abort, EC 0x20
1:
  mov x2, x20
  mov x3, x15
  // Stage 1 on: VA 0x80000000 walks a table at IPA 0x80400000 (unmapped at stage 2): S1PTW.
  movl x0, 0x34d5da05
  svc #0xf01
  movl x1, 0x80000008
  ldr x4, [x1]
  mov x4, x20
  mov x5, x19
  mov x6, x15
  movl x1, 0xc0000000
  ldr x7, [x1]                      // stage 1 maps it, stage 2 does not: level 1, no S1PTW
  mov x7, x20
  mov x8, x15
  movl x1, 0x80000000
  at s1e1r, x1                      // the walk faults at stage 2: Data Abort to EL2, CM=1
  mov x13, x20
  mov x14, x15
  hvc #0xf00

  .balign 2048
s2_vectors:
  s2vec 0x000
  s2vec 0x080
  s2vec 0x100
  s2vec 0x180
  s2vec 0x200
  s2vec 0x280
  s2vec 0x300
  s2vec 0x380
  s2vec 0x400
  s2vec 0x480
  s2vec 0x500
  s2vec 0x580
  s2vec 0x600
  s2vec 0x680
  s2vec 0x700
  s2vec 0x780

  .balign 8192
s2_l1:                              // two concatenated level 1 tables (IPA bits 39:30)
  .quad 0x00000000000004c1          // 0 GB: identity, Device (MemAttr 0), S2AP RW (UART)
  .quad 0x00000000400007fd          // 1 GB: identity, Normal WB, S2AP RW
  .quad s2_l2 + 3                   // 2 GB: table
  .quad 0                           // 3 GB: invalid
  .skip 8192 - 32
s2_l2:
  .quad 0x000000004000077d          // IPA 2 GB: PA 1 GB, 2 MB, read-only
  .quad s2_l3 + 3
  .quad 0                           // IPA 2 GB + 4 MB: invalid
  .skip 4096 - 24
s2_l3:
  .quad data_page + 0x00400000000007ff // IPA 2 GB + 2 MB: RW, XN
  .quad 0                           // + 0x1000: invalid
  .skip 4096 - 16
pt_l1:                              // stage 1 (IPA = PA for these tables)
  .quad 0x0040000000000401          // 0 GB: Device
  .quad 0x0000000040000705          // 1 GB: RAM
  .quad 0x0000000080400003          // 2 GB: a table at IPA 0x80400000 (no stage 2 mapping)
  .quad 0x00000000c0000705          // 3 GB: identity (stage 2 has no mapping)
  .skip 4096 - 32
data_page:
  ret
  .skip 4096 - 4
  done "mmu-s2"
