// VPIDR_EL2/VMPIDR_EL2: EL1 reads of MIDR_EL1/MPIDR_EL1 return the virtual values.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  movl x1, 0x410fd034
  msr vpidr_el2, x1
  movl x2, 0x80000102
  msr vmpidr_el2, x2
  mrs x3, vpidr_el2
  mrs x4, vmpidr_el2
  eret_el2 el1, 0x3c5
el1:
  mrs x5, midr_el1
  mrs x6, mpidr_el1
  check x5, 0x410fd034
  check x6, 0x80000102
  hvc #0xf00
  done "vpidr"
