// UNDEFINED encodings at EL2 (to EL2), EL1 (to EL1) and EL0 (to EL1): UDF, an unallocated
// exception-generation encoding, DCPS1 outside Debug state, EL2 registers from EL1, CurrentEL
// and ERET at EL0, TPIDRRO_EL0 written at EL0; EC 0x00, IL 1, ELR = the instruction.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  udf #0x55
  check_ec x20, 0x00
  mov x1, x20
  .inst 0xd4a00000                  // exception generation opc=101 LL=00: unallocated
  check_ec x20, 0x00
  .inst 0xd4a00001                  // DCPS1
  check_ec x20, 0x00
  eret_el2 el1, 0x3c5
el1:
  mov x0, #0
  udf #0
  check_ec x24, 0x00
  check x27, 0x200
  mov x2, x24
  mov x3, x25
  msr hcr_el2, x0                   // EL2 register at EL1
  check_ec x24, 0x00
  mrs x4, vbar_el2
  check_ec x24, 0x00
  mrs x5, sctlr_el2
  check x28, 7
  eret_el1 el0, 0x0
el0:
  mrs x6, CurrentEL                 // UNDEFINED at EL0
  check_ec x24, 0x00
  eret
  check_ec x24, 0x00
  msr tpidrro_el0, x0
  check_ec x24, 0x00
  mrs x7, tpidrro_el0               // readable at EL0
  mrs x8, sctlr_el1
  check x28, 11
  svc #0xf00
  done "undef"
