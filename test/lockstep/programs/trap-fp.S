// FP/SIMD access traps (EC 0x07): CPTR_EL2.TFP at EL2 and from EL1 (to EL2); CPACR_EL1.FPEN
// = 00 at EL1 and = 01 at EL0 (to EL1), which takes priority over TFP. The ISS is masked off
// (CV/COND for AArch32 only). The trapping instructions are FMOV (general), LDR Q, MRS FPCR
// and LD1: FP/SIMD moves and loads/stores, which this CPU implements (no FP arithmetic).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x0, #0x33ff | (1 << 10)       // CPTR_EL2.TFP
  msr cptr_el2, x0
  isb
  fmov d0, x1                       // at EL2: trapped to EL2
  check_ec x20, 0x07
  check x23, 0x200
  and x1, x20, #0xfe000000
  eret_el2 el1, 0x3c5
el1:
  ldr q0, [sp]                      // TFP: to EL2
  check_ec x20, 0x07
  check x23, 0x400
  and x2, x20, #0xfe000000
  mov x3, x21
  msr cpacr_el1, xzr                // FPEN = 00: EL1 traps to EL1 first
  isb
  mrs x4, fpcr
  check_ec x24, 0x07
  check x27, 0x200
  and x4, x24, #0xfe000000
  fmov s3, #1.0                     // FMOV (immediate): to EL1 as well
  check_ec x24, 0x07
  mov x8, x25
  mov x0, #0x33ff
  hvc #0xf02                        // TFP off
  mov x0, #(1 << 20)                // FPEN = 01: EL0 traps, EL1 does not
  msr cpacr_el1, x0
  isb
  movl x5, 0x4045000000000000
  fmov d1, x5
  mov v2.16b, v1.16b
  fmov x6, d2
  eret_el1 el0, 0
el0:
  fmov x7, d2                       // to EL1
  check_ec x24, 0x07
  check x27, 0x400
  and x7, x24, #0xfe000000
  ld1 {v0.16b}, [sp]                // SIMD load: to EL1
  check x28, 7
  svc #0xf00
  done "trap-fp"
