// GICv3 with virtualization, polled (no interrupt is taken: QEMU's gdbstub single-steps with
// interrupts masked, so every step is deterministic on both sides). Runs on
// -M virt,virtualization=on,gic-version=3,its=off:
//   1. Distributor and Redistributor 0 identification and enables (GICD_CTLR, TYPER, PIDR2,
//      GICR_TYPER, WAKER), SGI configuration in SGI_base.
//   2. An SGI to self through ICC_SGI1R_EL1: HPPIR1, IAR1, RPR, active bit, EOIR1; then the
//      EOImode split (EOIR1 drops the priority, DIR deactivates); SGIs to a core that does not
//      exist and to "all but self" on one core are dropped; RS is ignored (RSS = 0); a Group 1
//      SGI configured as Group 0 is not sent.
//   3. Virtual interrupts: ICH_VTR/VMCR/HCR, two list registers (one HW=1 for the physical SGI
//      left active by EOImode=1, one HW=0 with EOI=1); EL1 with HCR_EL2.IMO acknowledges and
//      completes both through ICC_IAR1/EOIR1 (= ICV_*) without a trap, the physical SGI is
//      deactivated by the HW=1 LR; back at EL2 the LRs, ELRSR, EISR and MISR show the result.
//   4. EL1 traps: ICC_SGI1R_EL1 under IMO, ICC_PMR_EL1 under ICH_HCR_EL2.TC.
// Register values are what the lockstep compares; x9-x12 are left to lib.inc.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x13, 0x08000000            // GICD
  movl x14, 0x080a0000            // GICR RD_base of core 0
  add x15, x14, #0x10000          // SGI_base
  // ---- 1. identification and enables ----
  // GICD_TYPER and GICR_TYPER[31:0] are left out: QEMU 7.2 reports LPIS/PLPIS = 1 (LPIs exist
  // even with its=off) and armvirt has no LPIs; the unit tests check both registers.
  ldr w0, [x13, #8]               // GICD_IIDR
  add x1, x13, #0xf000
  ldr w1, [x1, #0xfe8]            // GICD_PIDR2
  mov w2, #3
  str w2, [x13]                   // GICD_CTLR: EnableGrp0 | EnableGrp1
  ldr w2, [x13]                   // + ARE, DS (RAO)
  ldr w3, [x14, #0xc]             // GICR_TYPER[63:32]: affinity 0.0.0.0
  ldr w3, [x14, #4]               // GICR_IIDR
  ldr w4, [x14, #0x14]            // GICR_WAKER at reset: ProcessorSleep | ChildrenAsleep
  str wzr, [x14, #0x14]
  ldr w5, [x14, #0x14]
  add x6, x14, #0xf000
  ldr w6, [x6, #0xfe8]            // GICR_PIDR2
  mov w7, #-1
  str w7, [x15, #0x80]            // GICR_IGROUPR0: all Group 1
  mov w7, #0x6
  str w7, [x15, #0x100]           // GICR_ISENABLER0: SGI 1, 2
  movl x7, 0x00008000
  str w7, [x15, #0x400]           // IPRIORITYR0: SGI 1 = 0x80, SGI 2 = 0
  mov w7, #0x10
  strb w7, [x15, #0x402]          // byte access: SGI 2 = 0x10
  ldr w7, [x15, #0x400]
  ldr w8, [x15, #0xc00]           // GICR_ICFGR0: SGIs edge (RO)
  mrs x16, icc_ctlr_el1
  mrs x17, icc_sre_el1
  mrs x18, icc_sre_el2
  mrs x19, icc_bpr0_el1
  mrs x20, icc_bpr1_el1
  mov x21, #0xff
  msr icc_pmr_el1, x21
  mrs x21, icc_pmr_el1            // 5 priority bits: 0xf8
  mov x22, #1
  msr icc_igrpen1_el1, x22
  isb
  // ---- 2. SGI to self ----
  movl x22, 0x01000001            // INTID 1, Aff3.2.1 = 0, TargetList = {0}
  msr icc_sgi1r_el1, x22
  isb
  ldr w23, [x15, #0x200]          // GICR_ISPENDR0: SGI 1 pending
  mrs x24, icc_hppir1_el1
  mrs x25, icc_iar1_el1
  mrs x26, icc_rpr_el1
  ldr w27, [x15, #0x300]          // GICR_ISACTIVER0
  mrs x28, icc_ap1r0_el1
  msr icc_eoir1_el1, x25
  isb
  mrs x29, icc_rpr_el1
  ldr w30, [x15, #0x300]
  mrs x0, icc_iar1_el1            // nothing pending: 1023
  // EOImode = 1: EOIR1 drops the priority, DIR deactivates.
  mov x1, #2
  msr icc_ctlr_el1, x1
  mrs x1, icc_ctlr_el1
  movl x2, 0x02000001             // SGI 2 to self
  msr icc_sgi1r_el1, x2
  isb
  mrs x2, icc_iar1_el1
  msr icc_eoir1_el1, x2
  mrs x3, icc_rpr_el1
  ldr w4, [x15, #0x300]           // still active
  msr icc_dir_el1, x2
  isb
  ldr w5, [x15, #0x300]
  // Dropped SGIs: to core 3 (absent), IRM = 1 (all but self: nobody), Aff1 = 1 (absent cluster).
  movl x6, 0x01000008
  msr icc_sgi1r_el1, x6
  movl x6, 0x10001000000
  msr icc_sgi1r_el1, x6
  movl x6, 0x01010001
  msr icc_sgi1r_el1, x6
  // RS = 1 with ICC_CTLR_EL1.RSS = 0: treated as 0, SGI 2 reaches Aff0 = 0; then cleared.
  movl x6, 0x100002000001
  msr icc_sgi1r_el1, x6
  isb
  ldr w6, [x15, #0x200]
  mov w7, #4
  str w7, [x15, #0x280]
  ldr w7, [x15, #0x200]
  // SGI 1 as Group 0: an ICC_SGI1R_EL1 (Group 1) SGI is not sent to it.
  mov w6, #-3
  str w6, [x15, #0x80]
  movl x6, 0x01000001
  msr icc_sgi1r_el1, x6
  isb
  ldr w6, [x15, #0x200]
  mov w7, #-1
  str w7, [x15, #0x80]
  // Leave SGI 1 active for the HW=1 list register below (EOImode still 1: EOIR1 only drops priority).
  msr icc_sgi1r_el1, x22
  isb
  mrs x7, icc_iar1_el1
  msr icc_eoir1_el1, x7
  ldr w8, [x15, #0x300]           // SGI 1 active, running priority idle
  // ---- 3. virtual interrupts ----
  mrs x16, ich_vtr_el2
  movl x17, 0xff000002            // ICH_VMCR_EL2: VPMR 0xff, VENG1
  msr ich_vmcr_el2, x17
  mrs x17, ich_vmcr_el2           // VFIQEn RES1, minimum VBPRs
  mov x18, #1
  msr ich_hcr_el2, x18            // En
  // LR0: vINTID 27, pending, Group 1, priority 0xa0, HW=0, EOI=1 (maintenance on deactivation).
  movl x19, 0x50a0020000000000 | 27
  msr ich_lr0_el2, x19
  // LR1: vINTID 40, pending, Group 1, priority 0x80, HW=1, pINTID 1 (the active SGI).
  movl x20, 0x7080000100000028
  msr ich_lr1_el2, x20
  mrs x18, ich_elrsr_el2
  mrs x19, ich_eisr_el2
  mrs x20, ich_misr_el2
  isb
  adr x21, vec_el2_after
  msr vbar_el2, x21
  movl x21, 0x80000018            // HCR_EL2: RW, IMO, FMO
  msr hcr_el2, x21
  isb
  eret_el2 el1, 0x3c5             // EL1h, DAIF masked
el1:
  mrs x0, icc_hppir1_el1          // ICV_HPPIR1: 40 (priority 0x80 beats 0xa0)
  mrs x1, icc_iar1_el1            // ICV_IAR1: 40, LR1 active
  mrs x2, icc_rpr_el1             // ICV_RPR: 0x80
  mrs x3, icc_iar1_el1            // 27 cannot preempt 0x80: 1023
  msr icc_eoir1_el1, x1           // drop + deactivate LR1 → physical SGI 1 deactivated
  ldr w4, [x15, #0x300]           // GICR_ISACTIVER0 from EL1 (no stage 2): 0
  mrs x5, icc_iar1_el1            // 27
  mrs x6, icc_ap1r0_el1           // ICV_AP1R0: bit for 0xa0 >> 3 = 20
  msr icc_eoir1_el1, x5
  mrs x7, icc_rpr_el1             // 0xff
  mrs x8, icc_pmr_el1             // ICV_PMR = VPMR
  mrs x13, icc_ctlr_el1           // ICV_CTLR
  hvc #0                          // back to EL2 (vec_el2_after)
  .balign 2048
vec_el2_after:
  .skip 0x400
  b el2_after                      // lower EL, AArch64, synchronous
  .balign 4
el2_after:
  adr x16, lib_vectors_el2
  msr vbar_el2, x16
  mrs x16, esr_el2
  mrs x17, ich_lr0_el2            // invalid (EOI=1 stays)
  mrs x18, ich_lr1_el2            // invalid
  mrs x19, ich_elrsr_el2
  mrs x20, ich_eisr_el2           // LR0: EOI maintenance
  mrs x21, ich_misr_el2
  mrs x22, ich_hcr_el2
  mrs x23, ich_ap1r0_el2
  // EOI of a vINTID in no LR: EOIcount; ICH_HCR_EL2.LRENPIE → MISR.LRENP.
  mov x24, #5                     // En | LRENPIE
  msr ich_hcr_el2, x24
  movl x25, 0x5080000000000000 | 50 // LR2: vINTID 50, pending, Group 1, priority 0x80
  msr ich_lr2_el2, x25
  msr ich_lr0_el2, xzr
  movl x21, 0x80000018
  msr hcr_el2, x21
  isb
  adr x26, el1b
  msr elr_el2, x26
  mov x26, #0x3c5
  msr spsr_el2, x26
  adr x26, vec_el2_after2
  msr vbar_el2, x26
  eret
el1b:
  mrs x0, icc_iar1_el1            // 50
  mov x1, #51
  msr icc_eoir1_el1, x1           // drops the priority; 51 is in no LR: EOIcount = 1
  msr icc_dir_el1, x0             // EOImode 0: ignored
  mrs x2, icc_rpr_el1
  msr icc_sgi1r_el1, x22          // traps to EL2 (HCR_EL2.IMO): EC 0x18
  .balign 2048
vec_el2_after2:
  .skip 0x400
  b el2_after2
  .balign 4
el2_after2:
  adr x16, lib_vectors_el2
  msr vbar_el2, x16
  mrs x3, esr_el2
  mrs x4, elr_el2
  mrs x5, ich_hcr_el2             // EOIcount 1
  mrs x6, ich_misr_el2            // LRENP
  mrs x7, ich_lr2_el2             // still active
  mrs x8, ich_ap1r0_el2           // dropped: 0
  // ICH_HCR_EL2.TC traps EL1's ICC_PMR_EL1 (lib handler records ESR in x20 and skips it).
  movl x24, 0x401
  msr ich_hcr_el2, x24
  mov x18, #0
  eret_el2 el1c, 0x3c5
el1c:
  mrs x13, icc_pmr_el1            // trapped: x20 = ESR
  mov x14, x20
  hvc #0xf00
  done "gicv3-virt"
