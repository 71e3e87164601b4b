// The smallest program: init at EL2, print, SYSTEM_OFF.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mrs x0, CurrentEL
  check x0, 8
  done "hello"
