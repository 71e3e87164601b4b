// Branches: B, BL, BR, BLR, RET (to x30 and another register), CBZ/CBNZ, TBZ/TBNZ, B.cond for every condition.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mov x15, #0
  b 1f
  mov x15, #99                    // skipped
1:
  bl sub1
  adr x1, sub2
  blr x1
  adr x2, 2f
  br x2
  mov x15, #98
2:
  mov x3, #0
  cbz x3, 3f
  add x15, x15, #1000
3:
  cbnz w3, 4f
  add x15, x15, #1
4:
  movl x4, 0x8000000000000100
  tbz x4, #8, 5f
  tbnz x4, #63, 5f
  add x15, x15, #1000
5:
  tbz w4, #9, 6f
  add x15, x15, #1000
6:
  // every condition under every NZCV value: count taken branches
  mov x0, #0
7:
  lsl x5, x0, #28
  msr nzcv, x5
  b.eq 10f
  add x15, x15, #1
10: msr nzcv, x5
  b.ne 11f
  add x15, x15, #2
11: msr nzcv, x5
  b.cs 12f
  add x15, x15, #3
12: msr nzcv, x5
  b.cc 13f
  add x15, x15, #4
13: msr nzcv, x5
  b.mi 14f
  add x15, x15, #5
14: msr nzcv, x5
  b.pl 15f
  add x15, x15, #6
15: msr nzcv, x5
  b.vs 16f
  add x15, x15, #7
16: msr nzcv, x5
  b.vc 17f
  add x15, x15, #8
17: msr nzcv, x5
  b.hi 18f
  add x15, x15, #9
18: msr nzcv, x5
  b.ls 19f
  add x15, x15, #10
19: msr nzcv, x5
  b.ge 20f
  add x15, x15, #11
20: msr nzcv, x5
  b.lt 21f
  add x15, x15, #12
21: msr nzcv, x5
  b.gt 22f
  add x15, x15, #13
22: msr nzcv, x5
  b.le 23f
  add x15, x15, #14
23: msr nzcv, x5
  b.al 24f
  add x15, x15, #15
24:
  add x0, x0, #1
  cmp x0, #16
  b.ne 7b
  done "branches"
sub1:
  add x15, x15, #100
  ret
sub2:
  mov x6, x30
  add x15, x15, #200
  bl sub3
  mov x30, x6
  ret x30
sub3:
  add x15, x15, #300
  mov x7, x30
  ret x7
