/* The integer benchmark workload (bench/speed.ts): a deterministic mix of sorting, hashing and a
 * bytecode interpreter loop, a little over 100 million instructions at -O2. Prints one checksum
 * line; the instruction count is what armvirt reports for this ELF. */
#include "rt.h"

#ifndef ROUNDS
#define ROUNDS 14
#endif
#define N 16384
static u32 data[N], tmp[N];
static u32 crc_tab[256];
static u8 bytes[65536];

static void qsort32(u32 *v, int lo, int hi) {
    while (lo < hi) {
        u32 p = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { u32 t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        if (j - lo < hi - i) { qsort32(v, lo, j); lo = i; } else { qsort32(v, i, hi); hi = j; }
    }
}

static void msort32(u32 *v, u32 *t, int n) {
    if (n < 2) return;
    int m = n / 2;
    msort32(v, t, m); msort32(v + m, t, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n) t[k++] = v[j] < v[i] ? v[j++] : v[i++];
    while (i < m) t[k++] = v[i++];
    while (j < n) t[k++] = v[j++];
    memcpy(v, t, (size_t)n * 4);
}

static u32 crc32(const u8 *p, size_t n, u32 c) {
    c = ~c;
    while (n--) c = crc_tab[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

/* 64-bit mixing hash (splitmix-style) over words: multiplies, shifts, rotates. */
static u64 mix(const u32 *v, int n, u64 h) {
    for (int i = 0; i < n; i++) {
        h ^= v[i] + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
        h = (h ^ (h >> 31)) * 0xBF58476D1CE4E5B9ULL;
        h = h << 17 | h >> 47;
    }
    return h;
}

/* A register-machine bytecode loop: op, dst, a, b in one 32-bit word. */
enum { OP_LI, OP_ADD, OP_SUB, OP_MUL, OP_AND, OP_XOR, OP_SHR, OP_BNZ, OP_DEC, OP_HALT };
static const u32 prog[] = {
#define I4(op, d, a, b) ((u32)(op) | (u32)(d) << 8 | (u32)(a) << 16 | (u32)(b) << 24)
    I4(OP_LI, 0, 0, 0), I4(OP_LI, 1, 1, 0), I4(OP_LI, 2, 200, 0), I4(OP_LI, 3, 13, 0), I4(OP_LI, 7, 1, 0),
    /* loop: */
    I4(OP_ADD, 4, 0, 1), I4(OP_MUL, 5, 4, 3), I4(OP_XOR, 0, 1, 5), I4(OP_SHR, 6, 5, 3), I4(OP_ADD, 1, 4, 6),
    I4(OP_AND, 6, 1, 2), I4(OP_SUB, 0, 0, 6), I4(OP_DEC, 7, 0, 0),
    I4(OP_BNZ, 7, 5, 0), I4(OP_HALT, 0, 0, 0),
};

static u64 vm(u32 iters) {
    u64 r[8] = { 0 };
    u32 pc = 0;
    for (;;) {
        u32 w = prog[pc++];
        u32 d = (w >> 8) & 7, a = (w >> 16) & 0xff, b = w >> 24;
        switch (w & 0xff) {
        case OP_LI: r[d] = d == 7 ? iters : a; break;
        case OP_ADD: r[d] = r[a & 7] + r[b & 7]; break;
        case OP_SUB: r[d] = r[a & 7] - r[b & 7]; break;
        case OP_MUL: r[d] = r[a & 7] * r[b & 7]; break;
        case OP_AND: r[d] = r[a & 7] & r[b & 7]; break;
        case OP_XOR: r[d] = r[a & 7] ^ r[b & 7]; break;
        case OP_SHR: r[d] = r[a & 7] >> (r[b & 7] & 63); break;
        case OP_DEC: r[d]--; break;
        case OP_BNZ: if (r[d]) pc = a; break;
        case OP_HALT: return r[0] ^ r[1] << 1 ^ r[5];
        }
    }
}

int main(void) {
    for (u32 i = 0; i < 256; i++) { u32 c = i; for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1; crc_tab[i] = c; }
    u64 s = 0x0123456789ABCDEFULL, sum = 0;
    u32 crc = 0;
    u64 t0 = cntvct();
    for (int round = 0; round < ROUNDS; round++) {
        for (int i = 0; i < N; i++) data[i] = (u32)(rng_next(&s) >> 32);
        if (round & 1) msort32(data, tmp, N); else qsort32(data, 0, N - 1);
        sum = mix(data, N, sum);
        for (size_t i = 0; i < sizeof bytes; i += 4) { u32 w = data[(i / 4) % N] ^ (u32)i; memcpy(bytes + i, &w, 4); }
        crc = crc32(bytes, sizeof bytes, crc);
        sum += vm(20000 + (u32)round);
    }
    u64 t1 = cntvct();
    printf("bench rounds=%d crc=%08x sum=%016llx\n", ROUNDS, crc, sum);
    printf("ticks=%llu freq=%llu\n", t1 - t0, cntfrq());
    return 0;
}
