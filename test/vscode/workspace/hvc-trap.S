// A tiny hypervisor and its guest, the sample the in-VS Code suites debug (test/vscode/):
// EL2 builds Stage-2 tables (VMID 1: guest RAM 1 GiB at IPA 0x40000000, the PL011 as a device
// block, IPA 0x0a000000 left unmapped), drops to EL1, and handles the guest's traps — HVC #1
// (a hypercall: x0 = 2 * x1), a Stage-2 data abort at 0x0a000000 (emulated: skipped), and
// HVC #2 (PSCI SYSTEM_OFF over SMC). ARM ARM D8 (Stage-2 descriptors), D1.10 (exception entry).
  .equ UART, 0x09000000
  .equ MMIO_HOLE, 0x0a000000
  .equ S2_BLOCK_NORMAL, 0x7fd               // valid block, MemAttr 0xf (WB), S2AP RW, SH inner, AF
  .equ S2_BLOCK_DEVICE, 0x4c5               // valid block, MemAttr 0x1 (Device-nGnRE), S2AP RW, AF
  .equ S2_XN, (1 << 54)

  .text
  .global _start
_start:
  adr x9, el2_vectors
  msr vbar_el2, x9
  ldr x9, =0x40400000
  mov sp, x9
  adr x9, s2_l1
  orr x9, x9, #(1 << 48)                    // VTTBR_EL2.VMID = 1
  msr vttbr_el2, x9
  ldr x9, =0x80023558                       // VTCR_EL2: T0SZ=24, SL0=1, WB, inner shareable, 4K, PS=40 bits
  msr vtcr_el2, x9
  ldr x9, =0x80000001                       // HCR_EL2: RW (EL1 is AArch64), VM (Stage 2 on)
  msr hcr_el2, x9
  tlbi alle1
  dsb sy
  isb
  mov x9, #0x3c5                            // SPSR_EL2: EL1h, DAIF masked
  msr spsr_el2, x9
  adr x9, guest
  msr elr_el2, x9
  eret

guest:
  ldr x3, =UART
  mov w4, #'h'
  strb w4, [x3]
  mov w4, #'i'
  strb w4, [x3]
  mov w4, #'\n'
  strb w4, [x3]
  mov x1, #41
  add x1, x1, #1                            // the suites' source breakpoint
  hvc #1                                    // hypercall: EL1 -> EL2 trap (ESR_EL2.EC 0x16)
  mov x5, x0
  ldr x2, =MMIO_HOLE
  str x1, [x2]                              // Stage-2 translation fault (EC 0x24), emulated at EL2
  add x6, x5, #1
  hvc #2                                    // power off

el2_sync_lower:
  mrs x9, esr_el2
  lsr x10, x9, #26
  cmp x10, #0x16                            // HVC from AArch64
  b.eq hvc_handler
  cmp x10, #0x24                            // data abort from a lower EL
  b.eq dabt_handler
  b .
hvc_handler:
  and x10, x9, #0xffff                      // the HVC immediate (ISS.imm16)
  cmp x10, #2
  b.eq power_off
  add x0, x1, x1
  eret                                      // ELR_EL2 already points after the HVC
dabt_handler:
  mrs x10, elr_el2
  add x10, x10, #4                          // emulate: skip the access
  msr elr_el2, x10
  eret
power_off:
  ldr x0, =0x84000008                       // PSCI SYSTEM_OFF
  smc #0
  b .

  .balign 2048
el2_vectors:
  .rept 8                                   // current EL: not expected
  b .
  .balign 128
  .endr
  b el2_sync_lower                          // lower EL, AArch64, synchronous
  .balign 128
  .rept 7
  b .
  .balign 128
  .endr

  .ltorg
  .data
  .balign 8192                              // two concatenated level-1 tables (40-bit IPA, SL0=1)
s2_l1:
  .quad s2_l2 + 3                           // [0]: 0..1 GiB -> level-2 table
  .quad 0x40000000 + S2_BLOCK_NORMAL        // [1]: guest RAM, 1 GiB block, identity
  .space 8192 - 16
s2_l2:
  .space 72 * 8
  .quad UART + S2_BLOCK_DEVICE + S2_XN      // [72]: 0x09000000, 2 MiB device block
  .space 4096 - 73 * 8
