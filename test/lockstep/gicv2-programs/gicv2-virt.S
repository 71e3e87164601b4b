// GICv2 virtual CPU interface, single-stepped against QEMU (every register compared after every
// instruction; no interrupt is taken, so QEMU's masked single-step does not matter): EL2 enables
// GICH, reads GICH_VTR, programs two list registers (vINTID 42 priority 0, vINTID 33 priority 8)
// and reads ELRSR0/MISR back; EL1 (HCR_EL2.IMO) opens GICV at its PA, reads HPPIR, acknowledges
// 42 (IAR), sees that 33 cannot preempt it (IAR 1023) and the running priority, completes 42
// (EOIR), acknowledges and completes 33, then finds nothing pending (1023). No trap on the way.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x13, 0x08000000            // GICD
  movl x14, 0x08010000            // GICC
  movl x15, 0x08030000            // GICH
  movl x4, 0x08040000             // GICV
  mov w0, #1
  str w0, [x13]
  str w0, [x14]
  ldr w0, [x15, #4]               // GICH_VTR
  mov w1, #1
  str w1, [x15]                   // GICH_HCR.En
  ldr w1, [x15]
  movl x2, 0x1000002a             // LR0: pending, priority 0, vINTID 42
  str w2, [x15, #0x100]
  movl x2, 0x10800021             // LR1: pending, priority 1 (<< 3 = 8), vINTID 33
  str w2, [x15, #0x104]
  ldr w2, [x15, #0x104]
  ldr w3, [x15, #0x30]            // GICH_ELRSR0: LRs 2, 3 empty
  ldr w5, [x15, #0x10]            // GICH_MISR: nothing
  movl x9, 0x80000010             // HCR_EL2: RW, IMO
  msr hcr_el2, x9
  isb
  eret_el2 el1, 0x3c5
el1:
  mov w6, #1
  str w6, [x4]                    // GICV_CTLR.EnableGrp0
  mov w6, #0xff
  str w6, [x4, #4]                // GICV_PMR
  ldr w6, [x4, #0x18]             // GICV_HPPIR: 42
  ldr w7, [x4, #0xc]              // GICV_IAR: 42
  ldr w8, [x4, #0x14]             // GICV_RPR: 0
  ldr w1, [x4, #0xc]              // 33 cannot preempt priority 0: 1023
  str w7, [x4, #0x10]             // GICV_EOIR 42
  ldr w2, [x4, #0x14]             // GICV_RPR: idle (0xff)
  ldr w3, [x4, #0xc]              // 33
  str w3, [x4, #0x10]
  ldr w5, [x4, #0xc]              // nothing left: 1023
  mrs x0, isr_el1                 // no virtual IRQ pending any more
  hvc #0xf00
  done "gicv2-virt"
