// PSCI over SMC at EL2 (QEMU's emulation): PSCI_VERSION, PSCI_FEATURES, MIGRATE_INFO_TYPE; the
// result comes back in x0 and x1–x3 are preserved.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x1, #0x11
  mov x2, #0x22
  mov x3, #0x33
  movl x0, 0x84000000               // PSCI_VERSION
  smc #0
  mov x4, x0
  movl x0, 0x8400000a               // PSCI_FEATURES(SYSTEM_OFF)
  movl x1, 0x84000008
  smc #0
  mov x5, x0
  movl x0, 0x84000006               // MIGRATE_INFO_TYPE
  smc #0
  mov x6, x0
  check x28, 0
  done "psci"
