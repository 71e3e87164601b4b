// MMIO emulation at EL2 from ESR_EL2.ISS, as a hypervisor does it: a guest at EL1 (stage 1 off)
// under stage 2 (VMID 1) loads and stores at IPA 0x80000000, which stage 2 leaves unmapped. The
// EL2 handler saves the guest's X0-X30, checks EC 0x24 and ISV, decodes SAS/SSE/SRT/SF/WnR,
// forms the IPA from HPFAR_EL2 and FAR_EL2, performs the access on a fake register file in RAM
// (regfile), writes the sign-/zero-extended value into the saved X[SRT] (or stores X[SRT]; SRT=31
// is XZR), advances ELR_EL2 by 4 and ERETs. Every step's registers (the syndrome fields included)
// are compared with QEMU; the checks at the end verify the emulated values themselves.
  .include "lib.inc"

  .text
  .global _start
_start:
  init
  adr x9, mmio_vectors
  msr vbar_el2, x9
  adr x9, s2_l1
  orr x9, x9, #(1 << 48)            // VMID 1
  msr vttbr_el2, x9
  movl x9, 0x80023558               // VTCR_EL2: T0SZ=24, SL0=1, WB IS, 4K, PS=40 bits
  msr vtcr_el2, x9
  movl x9, 0x80000001               // HCR_EL2: RW VM
  msr hcr_el2, x9
  tlbi alle1
  dsb sy
  isb
  eret_el2 guest, 0x3c5

guest:
  movl x1, 0x80000000
  movl x2, 0x1122334455667788
  movl x3, 0x8899aabbccddeeff
  str x2, [x1]                      // doubleword store, SRT=2
  str w3, [x1, #8]                  // word store from a W register
  strh w3, [x1, #16]                // halfword
  strb w3, [x1, #24]                // byte
  str xzr, [x1, #32]                // XZR source (SRT=31)
  strb wzr, [x1, #40]               // WZR source, byte
  ldr x4, [x1]                      // doubleword load
  ldr w5, [x1, #8]                  // word, zero-extended (SF=0)
  ldrh w6, [x1, #16]
  ldrb w7, [x1, #24]
  ldr x8, [x1, #32]
  ldrh w13, [x1, #40]
  ldrsb x14, [x1, #48]              // signed byte into X (SSE=1, SF=1)
  ldrsb w15, [x1, #48]              // signed byte into W (SSE=1, SF=0)
  ldrsh x0, [x1, #54]
  ldrsh w2, [x1, #54]
  ldrsw x3, [x1, #52]
  ldr xzr, [x1, #48]                // XZR target: the value is discarded
  ldr w16, [x1, #60]
  check x4, 0x1122334455667788
  check x5, 0xccddeeff
  check x6, 0xeeff
  check x7, 0xff
  check x8, 0
  check x13, 0x5500
  check x14, 0xffffffffffffff80
  check x15, 0xffffff80
  check x0, 0xfffffffffffffedc
  check x2, 0xfffffedc
  check x3, 0xfffffffffedcba98
  check x16, 0x01020304
  hvc #0xf00

// Lower-EL synchronous exceptions: MMIO data aborts here, the rest to the library's handler.
mmio_entry:
  sub sp, sp, #256
  stp x0, x1, [sp]
  stp x2, x3, [sp, #16]
  stp x4, x5, [sp, #32]
  stp x6, x7, [sp, #48]
  stp x8, x9, [sp, #64]
  stp x10, x11, [sp, #80]
  stp x12, x13, [sp, #96]
  stp x14, x15, [sp, #112]
  stp x16, x17, [sp, #128]
  stp x18, x19, [sp, #144]
  stp x20, x21, [sp, #160]
  stp x22, x23, [sp, #176]
  stp x24, x25, [sp, #192]
  stp x26, x27, [sp, #208]
  stp x28, x29, [sp, #224]
  str x30, [sp, #240]
  mrs x0, esr_el2
  lsr x1, x0, #26
  cmp x1, #0x24                     // Data Abort from a lower EL
  b.ne not_mmio
  tbz x0, #24, not_mmio             // ISV: the syndrome describes the access
  ubfx x3, x0, #22, #2              // SAS: log2 of the size
  ubfx x4, x0, #21, #1              // SSE
  ubfx x2, x0, #16, #5              // SRT
  ubfx x6, x0, #15, #1              // SF
  ubfx x7, x0, #6, #1               // WnR
  mrs x8, hpfar_el2                 // FIPA: IPA[47:12] in bits [39:4]
  mrs x10, far_el2
  lsr x8, x8, #4
  lsl x8, x8, #12
  bfxil x8, x10, #0, #12            // the IPA
  movl x11, 0x80000000
  sub x11, x8, x11                  // the register's offset in the device
  adr x10, regfile
  add x10, x10, x11
  cbz x7, mmio_load
  mov x5, #0                        // store: X[SRT], XZR for 31
  cmp x2, #31
  b.eq 1f
  ldr x5, [sp, x2, lsl #3]
1:
  cmp x3, #0
  b.ne 2f
  strb w5, [x10]
  b mmio_done
2:
  cmp x3, #1
  b.ne 3f
  strh w5, [x10]
  b mmio_done
3:
  cmp x3, #2
  b.ne 4f
  str w5, [x10]
  b mmio_done
4:
  str x5, [x10]
  b mmio_done
mmio_load:
  cmp x3, #0
  b.ne 2f
  ldrb w5, [x10]
  b 5f
2:
  cmp x3, #1
  b.ne 3f
  ldrh w5, [x10]
  b 5f
3:
  cmp x3, #2
  b.ne 4f
  ldr w5, [x10]
  b 5f
4:
  ldr x5, [x10]
5:
  cbz x4, 6f                        // SSE: sign-extend from 8 << SAS bits
  mov x7, #8
  lsl x7, x7, x3
  mov x8, #64
  sub x8, x8, x7
  lsl x5, x5, x8
  asr x5, x5, x8
6:
  cbnz x6, 7f                       // SF=0: a W register, the upper half is zero
  mov w5, w5
7:
  cmp x2, #31                       // SRT=31: XZR, nothing written
  b.eq mmio_done
  str x5, [sp, x2, lsl #3]
mmio_done:
  mrs x1, elr_el2
  add x1, x1, #4
  msr elr_el2, x1
  bl restore
  eret
not_mmio:
  bl restore
  mov x9, #0x400
  b lib_handler_el2

restore:                            // x30 is the return address here; the guest's is reloaded last
  mov x9, x30
  ldp x0, x1, [sp]
  ldp x2, x3, [sp, #16]
  ldp x4, x5, [sp, #32]
  ldp x6, x7, [sp, #48]
  ldr x8, [sp, #64]
  ldp x10, x11, [sp, #80]
  ldp x12, x13, [sp, #96]
  ldp x14, x15, [sp, #112]
  ldp x16, x17, [sp, #128]
  ldp x18, x19, [sp, #144]
  ldp x20, x21, [sp, #160]
  ldp x22, x23, [sp, #176]
  ldp x24, x25, [sp, #192]
  ldp x26, x27, [sp, #208]
  ldp x28, x29, [sp, #224]
  ldr x30, [sp, #240]
  add sp, sp, #256
  br x9


  .macro mvec off
  .balign 128
  .if \off == 0x400
  b mmio_entry
  .else
  mov x9, #\off
  b lib_handler_el2
  .endif
  .endm

  .balign 2048
mmio_vectors:
  mvec 0x000
  mvec 0x080
  mvec 0x100
  mvec 0x180
  mvec 0x200
  mvec 0x280
  mvec 0x300
  mvec 0x380
  mvec 0x400
  mvec 0x480
  mvec 0x500
  mvec 0x580
  mvec 0x600
  mvec 0x680
  mvec 0x700
  mvec 0x780

  .balign 8192
s2_l1:                              // two concatenated level 1 tables: 0 GB Device, 1 GB RAM, 2 GB unmapped
  .quad 0x00000000000004c1
  .quad 0x00000000400007fd
  .skip 8192 - 16
regfile:                            // the "device": its registers as the handler keeps them
  .quad 0, 0, 0, 0
  .quad 0xdeadbeefdeadbeef          // 32: overwritten with XZR
  .quad 0x5555                      // 40: low byte overwritten with WZR
  .quad 0xfedcba9876543280          // 48: negative bytes for the signed loads
  .quad 0x0102030400000000          // 56
  .skip 4096 - 64
  done "mmu-mmio"
