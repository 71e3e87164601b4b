// lockstep: cpu=max
// The 16 KB granule at EL2 against QEMU -cpu max: TCR_EL2 TG0=16K, T0SZ=25 (walk from level 1,
// an 8-entry table), 32 MB blocks at level 2, 16 KB pages at level 3; faults at levels 1-3.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  adr x9, h_l1
  msr ttbr0_el2, x9
  movl x9, 0x8082b519               // TCR_EL2: T0SZ=25, WB IS, TG0=16K, PS=40 bits
  msr tcr_el2, x9
  mov x9, #0xff00
  msr mair_el2, x9
  tlbi alle2
  dsb sy
  isb
  movl x9, 0x30c51835
  msr sctlr_el2, x9
  isb
  movl x1, 0x60004008               // level 3 page 1: the data page
  ldr x2, [x1]
  str x2, [x1, #8]
  ldr x3, [x1, #8]
  movl x1, 0x60008000
  ldr x4, [x1]                      // level 3: invalid
  mov x4, x20
  mov x5, x19
  movl x1, 0x6000c010
  str x4, [x1]                      // level 3: read-only
  mov x6, x20
  movl x1, 0x62000000
  ldr x7, [x1]                      // level 2: invalid
  mov x7, x20
  movl x1, 0x1000000000
  ldr x8, [x1]                      // level 1: invalid
  mov x8, x20
  movl x1, 0x6000c010
  at s1e2w, x1
  mrs x13, par_el1
  movl x1, 0x40012344
  at s1e2r, x1
  mrs x14, par_el1
  b lib_finish

  .balign 16384
h_l1:                               // level 1: 64 GB each, VA bits 38:36
  .quad h_l2 + 3
  .quad 0
  .skip 64 - 16
  .balign 16384
h_l2:                               // level 2: 32 MB each, VA bits 35:25
  .skip 4 * 8
  .quad 0x0040000008000401          // 0x08000000: Device (UART), XN
  .skip (32 - 5) * 8
  .quad 0x0000000040000705          // 0x40000000: RAM, 32 MB block
  .skip (48 - 33) * 8
  .quad h_l3 + 3                    // 0x60000000: level 3 table
  .skip 16384 - 49 * 8
h_l3:                               // level 3: 16 KB pages, VA bits 24:14
  .quad 0
  .quad h_data + 0x707              // 0x60004000: RW
  .quad 0                           // 0x60008000: invalid
  .quad h_data + 0x787              // 0x6000c000: read-only
  .skip 16384 - 32
h_data:
  .quad 0x1234, 0x5678
  .skip 16384 - 16
  done "mmu-gran16k"
