// GICv3 interrupts taken as exceptions (run to the end on both sides, not single-stepped: QEMU's
// gdbstub steps with interrupts masked). At EL2 with HCR_EL2.IMO/FMO = 1: a Group 1 SGI to self
// through ICC_SGI1R_EL1 is taken as an IRQ, a Group 0 SGI through ICC_SGI0R_EL1 as an FIQ; the
// handlers acknowledge (ICC_IAR1/IAR0_EL1) and complete (EOIR1/EOIR0) them. A higher-priority SGI
// sent from inside the IRQ handler with PSTATE.I clear preempts it (nested IRQ). In-program checks
// print FAIL on a mismatch; the UART text is compared with QEMU's. Last, a list register with
// EOI = 1 completed by EL1 raises the maintenance interrupt (PPI 25), taken at EL2.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x13, 0x08000000            // GICD
  movl x14, 0x080a0000            // GICR RD_base of core 0
  add x15, x14, #0x10000          // SGI_base
  mov w0, #3
  str w0, [x13]                   // GICD_CTLR: both groups
  str wzr, [x14, #0x14]           // GICR_WAKER: awake
  mov w0, #0xffffffef
  str w0, [x15, #0x80]            // IGROUPR0: SGI 4 Group 0, the rest Group 1
  mov w0, #0x1c
  str w0, [x15, #0x100]           // ISENABLER0: SGIs 2, 3, 4
  movl x0, 0x40108000
  str w0, [x15, #0x400]           // IPRIORITYR: SGI 1 0x80, SGI 2 0x10, SGI 3 0x40
  mov x0, #0xff
  msr icc_pmr_el1, x0
  mov x0, #1
  msr icc_igrpen1_el1, x0
  msr icc_igrpen0_el1, x0
  adr x0, irq_vectors
  msr vbar_el2, x0
  movl x0, 0x80000018             // HCR_EL2: RW, IMO, FMO (physical interrupts to EL2)
  msr hcr_el2, x0
  isb
  mov x5, #0                      // interrupts handled, in order, 4 bits each
  movl x0, 0x03000001             // SGI 3 to self: Group 1 → IRQ
  msr icc_sgi1r_el1, x0
  isb
  msr daifclr, #2
1:
  cmp x5, #0x323                  // SGI 3 entered, SGI 2 nested and done, SGI 3 done
  b.ne 1b
  msr daifset, #2
  check x5, 0x323
  check x6, 3
  check x7, 2
  mrs x0, icc_rpr_el1
  check x0, 0xff
  movl x0, 0x04000001             // SGI 4 to self: Group 0 → FIQ
  msr icc_sgi0r_el1, x0
  isb
  mov x5, #0
  msr daifclr, #1
2:
  cbz x5, 2b
  msr daifset, #1
  check x5, 4
  mrs x0, icc_hppir0_el1
  check x0, 1023
  // ---- the maintenance interrupt (PPI 25): EL1 completes a virtual interrupt whose LR asks
  // for an EOI maintenance interrupt; it is taken at EL2 (HCR_EL2.IMO) from EL1.
  mov w0, #0x2000000
  str w0, [x15, #0x100]           // ISENABLER0: PPI 25
  mov x0, #1
  msr ich_hcr_el2, x0             // En
  movl x0, 0xff000002
  msr ich_vmcr_el2, x0            // VPMR 0xff, VENG1
  movl x0, 0x50a0020000000000 | 33
  msr ich_lr0_el2, x0             // vINTID 33, pending, Group 1, priority 0xa0, EOI = 1
  mov x5, #0
  eret_el2 el1_maint, 0x3c5
el1_maint:
  mrs x0, icc_iar1_el1            // ICV_IAR1_EL1: 33
  check x0, 33
  msr icc_eoir1_el1, x0           // LR0 → invalid with EOI: maintenance interrupt
  isb
3:
  cbz x5, 3b
  check x6, 25                    // the physical INTID acknowledged at EL2
  check x7, 1                     // ICH_MISR_EL2.EOI
  check x8, 1                     // ICH_EISR_EL2: LR0
  hvc #0xf00                      // through irq_vectors+0x400 to lib_handler_el2: the end
  done "gicv3-irq"

  .balign 2048
irq_vectors:
  .skip 0x280
  b irq_handler                   // current EL, SPx, IRQ
  .skip 0x7c
  b fiq_handler                   // current EL, SPx, FIQ
  .skip 0xfc
  mov x9, #0x400                  // lower EL, synchronous: as lib.inc's vector entry
  b lib_handler_el2
  .skip 0x78
  b maint_handler                 // lower EL, IRQ
  .balign 4
maint_handler:
  mrs x6, icc_iar1_el1
  mrs x7, ich_misr_el2
  mrs x8, ich_eisr_el2
  msr ich_lr0_el2, xzr            // maintenance condition gone
  msr icc_eoir1_el1, x6
  mov x5, #1
  eret
irq_handler:
  mrs x0, icc_iar1_el1
  cmp x0, #3
  b.ne 3f
  mrs x16, elr_el2                // the nested IRQ overwrites ELR/SPSR_EL2
  mrs x17, spsr_el2
  mov x6, x0
  lsl x5, x5, #4
  orr x5, x5, #3                  // 3 entered
  movl x1, 0x02000001             // SGI 2 (priority 0x10) preempts 0x40
  msr icc_sgi1r_el1, x1
  isb
  msr daifclr, #2
4:
  cmp x5, #0x32
  b.ne 4b
  msr daifset, #2
  msr icc_eoir1_el1, x6
  lsl x5, x5, #4
  orr x5, x5, #3                  // 3 done
  msr elr_el2, x16
  msr spsr_el2, x17
  eret
3:
  mov x7, x0                      // nested: SGI 2
  msr icc_eoir1_el1, x0
  lsl x5, x5, #4
  orr x5, x5, #2
  eret
fiq_handler:
  mrs x0, icc_iar0_el1
  msr icc_eoir0_el1, x0
  mov x5, x0
  eret
