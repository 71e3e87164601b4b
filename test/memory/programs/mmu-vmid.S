// Two VMs against QEMU: stage 2 tables A (VMID 1) and B (VMID 2) map the same IPA 0x80000000 to
// different pages. EL2 runs the same guest code (EL1, stage 1 off: one load from the IPA, then
// HVC back) under each VMID in turn, so both VMs' translations are in the TLB at once; each must
// see its own page. Then A's mapping is changed and invalidated by TLBI IPAS2E1IS + VMALLE1IS
// under VMID 1, B's by TLBI VMALLS12E1IS under VMID 2: each VM sees its new page and the other's
// translation is unaffected. (That B's TLB entry survives A's invalidation is armvirt's own
// behaviour, checked by test/memory/vmid.test.ts: QEMU flushes its TLB on any VMID change.)
  .include "lib.inc"

  .macro run_vm table, vmid, dst
  adr x9, \table
  orr x9, x9, #(\vmid << 48)
  msr vttbr_el2, x9
  isb
  bl run_guest
  mov \dst, x0
  .endm

  .text
  .global _start
_start:
  init
  adr x9, vm_vectors
  msr vbar_el2, x9
  movl x9, 0x80023558               // VTCR_EL2: T0SZ=24, SL0=1, WB IS, 4K, PS=40 bits
  msr vtcr_el2, x9
  movl x9, 0x80000001               // HCR_EL2: RW VM
  msr hcr_el2, x9
  tlbi alle1
  dsb sy
  isb
  run_vm a_l1, 1, x3
  run_vm b_l1, 2, x4
  run_vm a_l1, 1, x5
  run_vm b_l1, 2, x6
  check x3, 0xaaaa
  check x5, 0xaaaa
  check x4, 0xbbbb
  check x6, 0xbbbb
  // VM A: its page becomes page_c; invalidate by IPA (stage 2) and then stage 1 (VMALLE1IS), VMID 1.
  adr x1, a_l3
  adr x2, page_c
  movl x9, 0x7ff
  orr x2, x2, x9
  str x2, [x1]
  dsb ish
  adr x9, a_l1
  orr x9, x9, #(1 << 48)
  msr vttbr_el2, x9
  isb
  movl x1, 0x80000
  tlbi ipas2e1is, x1                // IPA 0x80000000 >> 12
  dsb ish
  tlbi vmalle1is
  dsb ish
  isb
  run_vm a_l1, 1, x7
  run_vm b_l1, 2, x8
  check x7, 0xcccc
  check x8, 0xbbbb
  // VM B: its page becomes page_a; TLBI VMALLS12E1IS under VMID 2.
  adr x1, b_l3
  adr x2, page_a
  movl x9, 0x7ff
  orr x2, x2, x9
  str x2, [x1]
  dsb ish
  tlbi vmalls12e1is                 // VTTBR_EL2 still holds VMID 2 (the last run)
  dsb ish
  isb
  run_vm b_l1, 2, x13
  run_vm a_l1, 1, x14
  check x13, 0xaaaa
  check x14, 0xcccc
  b lib_finish

// Enters the guest at EL1h; its HVC #1 comes back to vm_exit, which returns to the caller.
run_guest:
  str x30, [sp, #-16]!
  adr x9, guest
  msr elr_el2, x9
  mov x9, #0x3c5
  msr spsr_el2, x9
  eret
vm_exit:
  mrs x9, esr_el2
  and x10, x9, #0xffff
  cmp x10, #1
  b.ne 1f
  ldr x30, [sp], #16
  ret
1:
  mov x9, #0x400
  b lib_handler_el2

guest:
  movl x1, 0x80000008
  ldr x0, [x1]
  hvc #1

  .macro vvec off
  .balign 128
  .if \off == 0x400
  b vm_exit
  .else
  mov x9, #\off
  b lib_handler_el2
  .endif
  .endm

  .balign 2048
vm_vectors:
  vvec 0x000
  vvec 0x080
  vvec 0x100
  vvec 0x180
  vvec 0x200
  vvec 0x280
  vvec 0x300
  vvec 0x380
  vvec 0x400
  vvec 0x480
  vvec 0x500
  vvec 0x580
  vvec 0x600
  vvec 0x680
  vvec 0x700
  vvec 0x780

  .balign 8192
a_l1:                               // VM A: 0 GB Device, 1 GB RAM, 2 GB a level 2 table
  .quad 0x00000000000004c1
  .quad 0x00000000400007fd
  .quad a_l2 + 3
  .skip 8192 - 24
b_l1:                               // VM B: the same, with its own level 2/3 tables
  .quad 0x00000000000004c1
  .quad 0x00000000400007fd
  .quad b_l2 + 3
  .skip 8192 - 24
a_l2:
  .quad a_l3 + 3
  .skip 4096 - 8
b_l2:
  .quad b_l3 + 3
  .skip 4096 - 8
a_l3:
  .quad page_a + 0x7ff              // IPA 0x80000000: page_a, RW
  .skip 4096 - 8
b_l3:
  .quad page_b + 0x7ff              // IPA 0x80000000: page_b, RW
  .skip 4096 - 8
page_a:
  .quad 0, 0xaaaa
  .skip 4096 - 16
page_b:
  .quad 0, 0xbbbb
  .skip 4096 - 16
page_c:
  .quad 0, 0xcccc
  .skip 4096 - 16
  done "mmu-vmid"
