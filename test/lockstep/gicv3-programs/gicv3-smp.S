// GICv3 SGIs between two cores (-smp 2), run to the end on both sides (the cores poll each
// other through memory; instruction interleaving differs by design, so only the in-program
// checks and the UART text are compared). Core 0 wakes both Redistributors, starts core 1 with
// PSCI CPU_ON; core 1 opens its CPU interface and reports ready; core 0 sends SGI 5 through the
// TargetList (Aff0 = 1) and SGI 6 with IRM = 1 (all but self) and an SGI to absent core 2;
// core 1 acknowledges and completes each by polling ICC_IAR1_EL1 and records the INTIDs.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x13, 0x08000000            // GICD
  movl x14, 0x080a0000            // GICR RD_base, core 0
  add x15, x14, #0x20000          // GICR RD_base, core 1
  mov w0, #3
  str w0, [x13]                   // GICD_CTLR
  str wzr, [x14, #0x14]           // GICR_WAKER, both cores
  str wzr, [x15, #0x14]
  add x1, x15, #0x10000           // core 1 SGI_base
  mov w0, #-1
  str w0, [x1, #0x80]             // IGROUPR0: Group 1
  mov w0, #0x1e0
  str w0, [x1, #0x100]            // ISENABLER0: SGIs 5-8
  ldr w2, [x15, #0xc]             // GICR_TYPER[63:32] of core 1: affinity 0.0.0.1
  ldr w3, [x15, #8]               // GICR_TYPER[31:0] bit 4: Last (PLPIS masked off: QEMU has LPIs)
  and w3, w3, #0xfffffff0
  check x2, 1
  check x3, 0x01000110           // Processor_Number 1, Last
  adr x4, flags
  movl x0, 0xc4000003             // PSCI CPU_ON64(target 1, entry, context 0)
  mov x1, #1
  adr x2, secondary
  mov x3, #0
  smc #0
  check x0, 0
1:
  ldr w5, [x4]
  cmp w5, #1
  b.ne 1b
  movl x6, 0x05000002             // SGI 5 to Aff0 = 1
  msr icc_sgi1r_el1, x6
  movl x6, 0x07000004             // SGI 7 to Aff0 = 2: no such core, dropped
  msr icc_sgi1r_el1, x6
  movl x6, 0x10006000000          // SGI 6, IRM = 1: every core but this one
  msr icc_sgi1r_el1, x6
  isb
2:
  ldr w5, [x4]
  cmp w5, #2
  b.ne 2b
  ldr w7, [x4, #4]
  check x7, 5
  ldr w8, [x4, #8]
  check x8, 6
  ldr w8, [x4, #12]
  check x8, 1023                  // no SGI 7 arrived
  mrs x0, icc_iar1_el1            // nothing reached core 0 (IRM excludes self)
  check x0, 1023
  done "gicv3-smp"

secondary:                        // core 1, EL2, MMU off
  adr x4, flags
  mov x0, #0xff
  msr icc_pmr_el1, x0
  mov x0, #1
  msr icc_igrpen1_el1, x0
  isb
  mov w5, #1
  str w5, [x4]
  dsb sy
3:
  mrs x0, icc_iar1_el1
  cmp x0, #1023
  b.eq 3b
  msr icc_eoir1_el1, x0
  str w0, [x4, #4]
4:
  mrs x0, icc_iar1_el1
  cmp x0, #1023
  b.eq 4b
  msr icc_eoir1_el1, x0
  str w0, [x4, #8]
  mov x6, #200                    // SGI 7 would have arrived by now
5:
  subs x6, x6, #1
  b.ne 5b
  mrs x0, icc_iar1_el1
  str w0, [x4, #12]
  dsb sy
  mov w5, #2
  str w5, [x4]
  dsb sy
6:
  b 6b

  .balign 16
flags:
  .word 0, 0, 0, 0
