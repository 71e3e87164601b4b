// The 64 KB granule at EL2 against QEMU (Cortex-A57 implements 4K and 64K): TCR_EL2 TG0=64K,
// T0SZ=25 (walk from level 2, a 1024-entry table), 512 MB blocks and 64 KB pages; faults at
// levels 2 and 3 with ESR_EL2/FAR_EL2; AT S1E2R/W.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  adr x9, g_l2
  msr ttbr0_el2, x9
  movl x9, 0x80827519               // TCR_EL2: T0SZ=25, WB IS, TG0=64K, PS=40 bits
  msr tcr_el2, x9
  mov x9, #0xff00
  msr mair_el2, x9
  tlbi alle2
  dsb sy
  isb
  movl x9, 0x30c51835
  msr sctlr_el2, x9
  isb
  movl x1, 0x60010008               // level 3 page 1: the data page
  ldr x2, [x1]
  str x2, [x1, #8]
  ldr x3, [x1, #8]
  movl x1, 0x60020000
  ldr x4, [x1]                      // level 3 page 2: invalid
  mov x4, x20
  mov x5, x19
  movl x1, 0x60030010
  str x4, [x1]                      // level 3 page 3: read-only
  mov x6, x20
  movl x1, 0x80000000
  ldr x7, [x1]                      // level 2: invalid
  mov x7, x20
  movl x1, 0x60030010
  at s1e2w, x1
  mrs x8, par_el1
  at s1e2r, x1
  mrs x13, par_el1
  movl x1, 0x40012344
  at s1e2r, x1
  mrs x14, par_el1
  b lib_finish

  .balign 65536
g_l2:                               // level 2: 512 MB each, VA bits 38:29
  .quad 0x0040000000000401          // 0: Device (UART), XN
  .quad 0
  .quad 0x0000000040000705          // 1 GB: RAM, 512 MB block
  .quad g_l3 + 3                    // 1.5 GB: level 3 table
  .skip 8192 - 32
  .balign 65536
g_l3:                               // level 3: 64 KB pages, VA bits 28:16 (8192 entries)
  .quad 0
  .quad g_data + 0x707              // 0x60010000: RW
  .quad 0                           // 0x60020000: invalid
  .quad g_data + 0x787              // 0x60030000: read-only
  .skip 65536 - 32
g_data:
  .quad 0x1234, 0x5678
  .skip 65536 - 16
  done "mmu-gran64k"
