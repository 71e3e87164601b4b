// GICv2 with the Virtualization Extensions, one core (-M virt,virtualization=on,gic-version=2):
// interrupts taken as exceptions, so both sides run freely and the in-program checks and the UART
// text are compared (QEMU's gdbstub single-steps with interrupts masked). HCR_EL2.IMO/FMO route
// physical interrupts to EL2. (a) an SGI to self through GICD_SGIR is taken at EL2 and completed
// through GICC_IAR/EOIR; (d) the EL2 physical (CNTHP, PPI 26), EL1 physical (CNTP, PPI 30) and
// EL1 virtual (CNTV, PPI 27) timers fire while the core waits in WFI; the handler masks each with
// IMASK and reads CTL back (ENABLE|IMASK|ISTATUS): counter values differ between QEMU's wall
// clock and our cycle-derived time, so none is compared; (b) EL2 programs GICH_LR0 and EL1
// acknowledges and completes the virtual interrupt through GICV without a trap; (c) the LR asked
// for an EOI maintenance interrupt (PPI 25), taken at EL2 from EL1, which reads GICH_MISR/EISR0.
// Bad input: writes to reserved GICD/GICH offsets and a list register programmed with a special
// vINTID and then cleared change nothing the program reads back.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x13, 0x08000000            // GICD
  movl x14, 0x08010000            // GICC
  movl x15, 0x08030000            // GICH
  movl x4, 0x08040000             // GICV (EL1 reaches it at its PA: no stage 2 here)
  adr x0, irq_vectors
  msr vbar_el2, x0
  adr x0, el1_vectors
  msr vbar_el1, x0
  movl x0, 0x80000018             // HCR_EL2: RW, IMO, FMO
  msr hcr_el2, x0
  isb
  mov w0, #1
  str w0, [x13]                   // GICD_CTLR.EnableGrp0
  str w0, [x14]                   // GICC_CTLR.EnableGrp0 (FIQEn = 0: Group 0 is an IRQ)
  mov w0, #0xff
  str w0, [x14, #4]               // GICC_PMR
  ldr w0, [x13, #4]               // GICD_TYPER: ITLinesNumber 8 (288 INTIDs), one CPU, no security
  check x0, 0x8
  // ---- bad input: reserved GICD/GICH offsets are RAZ/WI
  movl x0, 0xffffffff
  str w0, [x13, #0xfc0]
  str w0, [x15, #0x40]
  ldr w1, [x13, #0xfc0]
  check x1, 0
  ldr w0, [x13]
  check x0, 1
  // ---- (a) SGI 1 to self (TargetListFilter 2)
  mov x5, #0
  movl x0, 0x02000001
  str w0, [x13, #0xf00]
  msr daifclr, #2
1:
  cbz x5, 1b
  msr daifset, #2
  check x6, 1                     // GICC_IAR: SGI 1 from CPU 0
  ldr w0, [x14, #0xc]
  check x0, 1023
  // ---- (d) timers
  movl x0, 0x4e000000             // ISENABLER0: PPIs 25, 26, 27, 30
  str w0, [x13, #0x100]
  mov x5, #0
  mov x0, #200
  msr cnthp_tval_el2, x0
  mov x0, #1
  msr cnthp_ctl_el2, x0
2:
  wfi                             // masked: wakes on the pending timer without taking it
  msr daifclr, #2                 // taken here (race-free: no window between check and WFI)
  isb
  msr daifset, #2
  cbz x5, 2b
  check x6, 26
  check x7, 7
  mov x5, #0
  mov x0, #200
  msr cntp_tval_el0, x0
  mov x0, #1
  msr cntp_ctl_el0, x0
3:
  wfi                             // masked: wakes on the pending timer without taking it
  msr daifclr, #2                 // taken here (race-free: no window between check and WFI)
  isb
  msr daifset, #2
  cbz x5, 3b
  check x6, 30
  check x7, 7
  mov x5, #0
  msr cntvoff_el2, xzr
  mov x0, #200
  msr cntv_tval_el0, x0
  mov x0, #1
  msr cntv_ctl_el0, x0
4:
  wfi                             // masked: wakes on the pending timer without taking it
  msr daifclr, #2                 // taken here (race-free: no window between check and WFI)
  isb
  msr daifset, #2
  cbz x5, 4b
  check x6, 27
  check x7, 7
  // ---- (b) a list register at EL2, acknowledged and completed at EL1 through GICV
  mov w0, #1
  str w0, [x15]                   // GICH_HCR.En
  ldr w0, [x15, #4]               // GICH_VTR: ListRegs 4, PREbits 5, PRIbits 5
  check x0, 0x90000003
  movl x0, 0x100003ff             // bad input: LR1 pending with the special vINTID 1023...
  str w0, [x15, #0x104]
  str wzr, [x15, #0x104]          // ...then cleared
  movl x0, 0x1008002a             // LR0: pending, EOI, vINTID 42, priority 0
  str w0, [x15, #0x100]
  ldr w0, [x15, #0x30]            // GICH_ELRSR0: LRs 1-3 empty
  check x0, 0xe
  mov x5, #0
  mov x1, #0
  eret_el2 el1_code, 0x3c5
el1_code:
  mov w0, #1
  str w0, [x4]                    // GICV_CTLR.EnableGrp0
  mov w0, #0xff
  str w0, [x4, #4]                // GICV_PMR
  mrs x0, isr_el1                 // the virtual IRQ is pending (HCR_EL2.IMO)
  check x0, 0x80
  msr daifclr, #2
5:
  cbz x1, 5b
  check x3, 42                    // GICV_IAR
  // ---- (c) the EOI maintenance interrupt, taken at EL2 from EL1 (physical, routed by IMO)
6:
  cbz x5, 6b
  check x6, 25
  check x7, 1                     // GICH_MISR.EOI
  check x8, 1                     // GICH_EISR0: LR0
  mrs x0, isr_el1
  check x0, 0
  hvc #0xf00                      // through irq_vectors + 0x400 to lib_handler_el2: the end
  done "gicv2-irq"

  .balign 2048
irq_vectors:
  .org irq_vectors + 0x200
  mov x9, #0x200                  // current EL, synchronous: as lib.inc's vector entry
  b lib_handler_el2
  .org irq_vectors + 0x280
  b irq_handler                   // current EL, SPx, IRQ
  .org irq_vectors + 0x400
  mov x9, #0x400                  // lower EL, synchronous
  b lib_handler_el2
  .org irq_vectors + 0x480
  b maint_handler                 // lower EL, IRQ
  .org irq_vectors + 0x800

el1_vectors:
  .org el1_vectors + 0x200
  mov x9, #0x200
  b lib_handler_el1
  .org el1_vectors + 0x280
  b el1_irq
  .org el1_vectors + 0x800

irq_handler:
  ldr w6, [x14, #0xc]             // GICC_IAR
  and w0, w6, #0x3ff
  cmp w0, #26
  b.ne 1f
  mrs x0, cnthp_ctl_el2
  orr x0, x0, #2                  // IMASK: the output falls
  msr cnthp_ctl_el2, x0
  mrs x7, cnthp_ctl_el2
  b 9f
1:
  cmp w0, #30
  b.ne 2f
  mrs x0, cntp_ctl_el0
  orr x0, x0, #2
  msr cntp_ctl_el0, x0
  mrs x7, cntp_ctl_el0
  b 9f
2:
  cmp w0, #27
  b.ne 9f
  mrs x0, cntv_ctl_el0
  orr x0, x0, #2
  msr cntv_ctl_el0, x0
  mrs x7, cntv_ctl_el0
9:
  isb
  str w6, [x14, #0x10]            // GICC_EOIR
  mov x5, #1
  eret

maint_handler:
  ldr w6, [x14, #0xc]             // GICC_IAR: 25
  ldr w7, [x15, #0x10]            // GICH_MISR
  ldr w8, [x15, #0x20]            // GICH_EISR0
  str wzr, [x15, #0x100]          // LR0 cleared: the maintenance condition is gone
  str w6, [x14, #0x10]
  mov x5, #1
  eret

el1_irq:
  ldr w3, [x4, #0xc]              // GICV_IAR
  str w3, [x4, #0x10]             // GICV_EOIR: LR0 invalid with EOI → maintenance
  mov x1, #1
  eret
