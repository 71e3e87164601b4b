// GICv2 SGIs between two cores (-smp 2): core 0 starts core 1 with PSCI CPU_ON (and checks the
// PSCI error for a core that does not exist; a second CPU_ON of core 1 is not checked: QEMU
// answers 0, -5 or -4 depending on its threads' timing, ours is -4, see test/machine); core 1 opens its
// (banked) CPU interface and reports ready; core 0 sends SGI 5 through the target list, SGI 7 to
// absent core 2 (ignored) and SGI 6 to every core but itself (filter 1); core 1 acknowledges and
// completes them by polling GICC_IAR, records the INTIDs (with the source CPUID) and powers
// itself off with CPU_OFF; core 0 waits for AFFINITY_INFO to say OFF. The cores poll each other
// through memory, so only the in-program checks and the UART text are compared.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x13, 0x08000000            // GICD
  movl x14, 0x08010000            // GICC (banked: each core reaches its own)
  mov w0, #1
  str w0, [x13]                   // GICD_CTLR
  adr x4, flags
  movl x0, 0xc4000003             // PSCI CPU_ON64(target 1, secondary, context 0x77)
  mov x1, #1
  adr x2, secondary
  mov x3, #0x77
  smc #0
  check x0, 0
  movl x0, 0xc4000003             // core 5 does not exist: INVALID_PARAMETERS
  mov x1, #5
  smc #0
  check x0, 0xfffffffffffffffe
1:
  ldr w5, [x4]
  cmp w5, #1
  b.ne 1b
  movl x6, 0x00020005             // SGI 5, target list: core 1
  str w6, [x13, #0xf00]
  movl x6, 0x00040007             // SGI 7 to core 2: absent, dropped
  str w6, [x13, #0xf00]
  movl x6, 0x01000006             // SGI 6, filter 1: every core but this one
  str w6, [x13, #0xf00]
2:
  ldr w5, [x4]
  cmp w5, #2
  b.ne 2b
  ldr w7, [x4, #4]
  check x7, 5                     // SGI 5 from CPU 0
  ldr w8, [x4, #8]
  check x8, 6
  ldr w8, [x4, #12]
  check x8, 1023                  // nothing else arrived
  ldr w8, [x4, #16]
  check x8, 0x77                  // CPU_ON's context id in X0
  ldr w0, [x14, #0xc]             // nothing reached core 0 (filter 1 excludes self)
  check x0, 1023
3:
  movl x0, 0x84000004             // AFFINITY_INFO(core 1, level 0) until OFF
  mov x1, #1
  mov x2, #0
  smc #0
  cmp x0, #1
  b.ne 3b
  done "gicv2-smp"

secondary:
  adr x4, flags
  str w0, [x4, #16]               // the context id
  adr x9, lib_vectors_el2
  msr vbar_el2, x9
  mov x9, #(1 << 31)
  msr hcr_el2, x9
  movl x13, 0x08000000
  movl x14, 0x08010000
  mov w0, #0xffff
  str w0, [x13, #0x100]           // ISENABLER0 (banked): SGIs
  mov w0, #1
  str w0, [x14]                   // GICC_CTLR
  mov w0, #0xff
  str w0, [x14, #4]               // GICC_PMR
  mov w0, #1
  str w0, [x4]                    // ready
  add x5, x4, #4
  mov x6, #2
4:
  ldr w0, [x14, #0xc]             // GICC_IAR
  cmp w0, #1023
  b.eq 4b
  str w0, [x14, #0x10]            // GICC_EOIR
  str w0, [x5], #4
  subs x6, x6, #1
  b.ne 4b
  ldr w0, [x14, #0xc]
  str w0, [x5]                    // 1023: nothing more
  mov w0, #2
  str w0, [x4]
  movl x0, 0x84000002             // CPU_OFF
  smc #0
  b .

  .balign 8
flags:
  .word 0, 0, 0, 0, 0, 0
