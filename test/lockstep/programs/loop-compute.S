// A mixed workload: sieve of Eratosthenes over 100 bytes, bubble sort of 12 words, Fibonacci
// and a string length; sums in X registers.
  .include "lib.inc"
  .text
  .global _start
_start:
  init
  mmu_on_el2
  adr x1, sieve
  mov x2, #2
1:
  mul x3, x2, x2
  cmp x3, #100
  b.hs 3f
  ldrb w4, [x1, x2]
  cbnz w4, 2f
4:
  mov w5, #1
  strb w5, [x1, x3]
  add x3, x3, x2
  cmp x3, #100
  b.lo 4b
2:
  add x2, x2, #1
  b 1b
3:
  mov x6, #0                        // count primes
  mov x2, #2
5:
  ldrb w4, [x1, x2]
  cmp w4, #0
  cinc x6, x6, eq
  add x2, x2, #1
  cmp x2, #100
  b.lo 5b
  adr x7, arr                       // bubble sort
  mov x8, #11
6:
  mov x13, #0
7:
  add x10, x7, x13
  ldp w14, w15, [x10]
  cmp w14, w15
  b.le 8f
  stp w15, w14, [x10]
8:
  add x13, x13, #4
  cmp x13, x8, lsl #2
  b.lo 7b
  subs x8, x8, #1
  b.ne 6b
  ldp x13, x14, [x7]
  ldp x15, x0, [x7, #16]
  mov x2, #0                        // fib(40) mod 2^64
  mov x3, #1
  mov x4, #40
9:
  add x5, x2, x3
  mov x2, x3
  mov x3, x5
  subs x4, x4, #1
  b.ne 9b
  adr x4, str
  mov x5, x4
10:
  ldrb w9, [x5], #1
  cbnz w9, 10b
  sub x5, x5, x4
  done "loop-compute"
arr: .word 9, -3, 27, 4, 4, 100, -50, 0, 8, 1, 77, 2
str: .asciz "lockstep against qemu"
  .balign 16
sieve: .skip 208
