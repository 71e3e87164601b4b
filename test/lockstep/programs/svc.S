// SVC from EL2, EL1 and EL0: target EL, syndrome (EC 0x15, IL, imm16), ELR = next instruction, SPSR.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x0, #0x1234
  svc #0
  check_ec x20, 0x15
  svc #0xffff
  mov x1, x20
  mov x2, x21
  mov x3, x22
  eret_el2 el1, 0x3c5
el1:
  svc #0x77
  check_ec x24, 0x15
  mov x4, x24
  mov x5, x25
  mov x6, x26
  eret_el1 el0, 0x0
el0:
  msr nzcv, x0                       // NZCV=0 (x0 bits 31:28 clear)
  mov x7, #0xf0000000
  msr nzcv, x7
  svc #0x8000
  mrs x8, nzcv                       // restored from SPSR_EL1
  mov x13, x24
  mov x14, x25
  mov x15, x26
  svc #0xf00
  done "svc"
