// The hint space: NOP, SEV/SEVL, ESB/CSDB/PACIASP/BTI-class hints (NOPs on ARMv8.0), and
// unallocated hints (NOPs). YIELD and WFE are assembled but branched over: QEMU 7.2's gdbstub
// single-step over YIELD, and over WFE (which it runs as YIELD), executes two instructions
// (README.md, QEMU gaps), so neither is ever stepped.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x1, #1
  nop
  sevl
  b 1f
  yield                             // not executed (see above)
  wfe                               // not executed (see above)
1:
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
