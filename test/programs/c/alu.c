/* Dispatch-cost probe for bench/speed.ts: a loop of ten data-processing instructions (no loads or
 * stores) run ITERS times, so the instruction count is exact: 10 * ITERS plus a small constant. */
#include "rt.h"

#ifndef ITERS
#define ITERS 10000000
#endif

int main(void) {
    u64 a = 1, b = 2, c = 3, n = ITERS;
    u64 t0 = cntvct();
    __asm__ volatile(
        "1: add  %0, %0, %1\n"
        "   eor  %1, %1, %0, lsl #3\n"
        "   sub  %2, %2, %1\n"
        "   orr  %0, %0, %2, lsr #7\n"
        "   and  %1, %1, %0\n"
        "   add  %2, %2, #5\n"
        "   madd %0, %1, %2, %0\n"
        "   ror  %1, %1, #13\n"
        "   subs %3, %3, #1\n"
        "   b.ne 1b\n"
        : "+r"(a), "+r"(b), "+r"(c), "+r"(n));
    u64 t1 = cntvct();
    printf("alu a=%016llx b=%016llx c=%016llx\n", a, b, c);
    printf("ticks=%llu freq=%llu\n", t1 - t0, cntfrq());
    return 0;
}
