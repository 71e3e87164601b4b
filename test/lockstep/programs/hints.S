// The hint space: NOP, YIELD, SEV/SEVL then WFE (the event register is set, so WFE does not
// wait), ESB/CSDB/PACIASP/BTI-class hints (NOPs on ARMv8.0), and unallocated hints (NOPs).
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x1, #1
  nop
  yield
  sevl
  wfe
  hint #16                          // ESB
  hint #20                          // CSDB
  hint #25                          // PACIASP
  hint #34                          // BTI c
  hint #127
  add x1, x1, #1
  sev
  hint #0x7f
  check x28, 0
  done "hints"
