/* Pointer chasing over 64 MB, for bench/mmu.ts: the cost of address translation.
 *   MMU=0  runs at EL2 with the MMU off (every access takes the core's flat fast path).
 *   MMU=1  EL2 builds a Stage-2 table (VMID 1, identity IPA -> PA with 1 GB blocks) and an EL1
 *          Stage-1 table (identity, 4 KB pages for all of RAM, so the chased region is 16384
 *          pages and the TLB matters), then drops to EL1 with both stages on and runs the same
 *          chase; an HVC brings it back to EL2 to power off.
 * The array lives at a fixed PA (ARR_BASE) above the image, so the board needs more than its
 * default 128 MiB of RAM (bench/mmu.ts uses 256 MiB). The chain is i -> (i + STRIDE) mod N with
 * an odd STRIDE near N/phi: one cycle through every element, each step on a page far from the
 * last one (no spatial locality for the TLB to exploit beyond its capacity). */
#include "rt.h"

#ifndef MMU
#define MMU 0
#endif
#ifndef STEPS
#define STEPS (1 << 24)
#endif

#define ARR_BASE 0x44000000ULL
#define N ((64ULL << 20) / 8)
#define STRIDE 5184373ULL
#define RAM_BASE 0x40000000ULL
#define MAPPED_RAM (256ULL << 20)

static u64 workload(void) {
    u64 *a = (u64 *)ARR_BASE;
    for (u64 i = 0; i < N; i++) a[i] = ARR_BASE + ((i + STRIDE) & (N - 1)) * 8;
    u64 *p = a;
    for (u64 s = 0; s < STEPS; s++) p = (u64 *)*p;
    return (u64)p - ARR_BASE;
}

static void report(void) {
    u64 r = workload();
    printf("chase mmu=%d steps=%d end=%llx\n", MMU, STEPS, r);
}

#if MMU
/* Stage 2: two concatenated level 1 tables (VTCR_EL2.T0SZ=24, SL0=1), 1 GB blocks. */
static u64 s2_l1[1024] __attribute__((aligned(8192)));
/* Stage 1 (TCR_EL1.T0SZ=25: walk from level 1): 0-1 GB Device block, 1-2 GB a level 2 table
 * whose first MAPPED_RAM/2MB entries point at level 3 tables of 4 KB pages. */
static u64 s1_l1[512] __attribute__((aligned(4096)));
static u64 s1_l2[512] __attribute__((aligned(4096)));
static u64 s1_l3[MAPPED_RAM / 4096] __attribute__((aligned(4096)));

#define MSR(r, v) __asm__ volatile("msr " #r ", %0" :: "r"((u64)(v)) : "memory")

void el1_main(void) {
    report();
    __asm__ volatile("hvc #0");
    for (;;) {}
}

/* EL2 vectors: anything (the HVC from EL1) powers off. */
__asm__(
    "    .section .text\n"
    "    .balign 2048\n"
    "chase_vectors:\n"
    "    .rept 16\n"
    "    b _exit\n"
    "    .balign 128\n"
    "    .endr\n");
extern char chase_vectors[];

int main(void) {
    s2_l1[0] = 0x00000000000004c1ULL;              /* 0 GB: Device, S2AP RW, AF */
    s2_l1[1] = 0x40000000ULL | 0x7fdULL;           /* 1 GB: Normal WB, S2AP RW, inner shareable, AF */
    s1_l1[0] = 0x0040000000000401ULL;              /* 0 GB: Device (AttrIndx 0), AF, UXN */
    s1_l1[1] = (u64)s1_l2 | 3;
    for (u64 i = 0; i < MAPPED_RAM / (2 << 20); i++) s1_l2[i] = (u64)&s1_l3[i * 512] | 3;
    for (u64 i = 0; i < MAPPED_RAM / 4096; i++) s1_l3[i] = (RAM_BASE + i * 4096) | 0x707; /* Normal, IS, AF, EL1 RW */
    MSR(vbar_el2, chase_vectors);
    MSR(vttbr_el2, (u64)s2_l1 | (1ULL << 48));     /* VMID 1 */
    MSR(vtcr_el2, 0x80023558);                     /* T0SZ=24, SL0=1, WB IS, 4K, PS=40 bits */
    MSR(ttbr0_el1, s1_l1);
    MSR(tcr_el1, 0x280993519ULL);                  /* T0SZ=25, WB IS, 4K, EPD1, IPS=40 bits */
    MSR(mair_el1, 0xff00);                         /* attr0 Device-nGnRnE, attr1 Normal WB */
    MSR(sctlr_el1, 0x34d5da05);                    /* RES1 + M C I */
    MSR(hcr_el2, 0x80000001ULL);                   /* RW VM */
    __asm__ volatile("tlbi alle1\n dsb sy\n isb" ::: "memory");
    u64 sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    MSR(sp_el1, (sp - 0x4000) & ~15ULL);
    MSR(elr_el2, el1_main);
    MSR(spsr_el2, 0x3c5);                          /* EL1h, DAIF masked */
    __asm__ volatile("isb\n eret" ::: "memory");
    return 0;
}
#else
int main(void) {
    report();
    return 0;
}
#endif
