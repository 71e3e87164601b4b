/* Quicksort, mergesort, heapsort and insertion sort on pseudo-random data; checks and checksums. */
#include "rt.h"

#define N 4000
static i64 orig[N], a[N], tmp[N];
static u32 w[N];

static void quicksort(i64 *v, int lo, int hi) {
    while (lo < hi) {
        i64 p = v[lo + (hi - lo) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (v[i] < p) i++;
            while (v[j] > p) j--;
            if (i <= j) { i64 t = v[i]; v[i] = v[j]; v[j] = t; i++; j--; }
        }
        /* recurse on the smaller side */
        if (j - lo < hi - i) { quicksort(v, lo, j); lo = i; } else { quicksort(v, i, hi); hi = j; }
    }
}

static void mergesort(i64 *v, i64 *t, int n) {
    if (n < 2) return;
    int m = n / 2;
    mergesort(v, t, m);
    mergesort(v + m, t, n - m);
    int i = 0, j = m, k = 0;
    while (i < m && j < n) t[k++] = v[j] < v[i] ? v[j++] : v[i++];
    while (i < m) t[k++] = v[i++];
    while (j < n) t[k++] = v[j++];
    memcpy(v, t, (size_t)n * sizeof *v);
}

static void sift(u32 *v, int i, int n) {
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n) return;
        if (c + 1 < n && v[c + 1] > v[c]) c++;
        if (v[i] >= v[c]) return;
        u32 t = v[i]; v[i] = v[c]; v[c] = t; i = c;
    }
}

static void heapsort(u32 *v, int n) {
    for (int i = n / 2 - 1; i >= 0; i--) sift(v, i, n);
    for (int e = n - 1; e > 0; e--) { u32 t = v[0]; v[0] = v[e]; v[e] = t; sift(v, 0, e); }
}

static void insertion(u32 *v, int n) {
    for (int i = 1; i < n; i++) { u32 x = v[i]; int j = i - 1; while (j >= 0 && v[j] > x) { v[j + 1] = v[j]; j--; } v[j + 1] = x; }
}

static u64 check64(const i64 *v, int n, int *sorted) {
    u64 h = 1469598103934665603ULL; *sorted = 1;
    for (int i = 0; i < n; i++) { h = (h ^ (u64)v[i]) * 1099511628211ULL; if (i && v[i - 1] > v[i]) *sorted = 0; }
    return h;
}

static u32 check32(const u32 *v, int n, int *sorted) {
    u32 h = 0; *sorted = 1;
    for (int i = 0; i < n; i++) { h = (h << 5 | h >> 27) ^ v[i]; if (i && v[i - 1] > v[i]) *sorted = 0; }
    return h;
}

int main(void) {
    u64 s = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < N; i++) orig[i] = (i64)rng_next(&s) >> (i % 40);
    int ok;
    u64 h;
    memcpy(a, orig, sizeof a);
    quicksort(a, 0, N - 1);
    h = check64(a, N, &ok);
    printf("quicksort sorted=%d hash=%016llx min=%lld max=%lld\n", ok, h, a[0], a[N - 1]);
    memcpy(a, orig, sizeof a);
    mergesort(a, tmp, N);
    h = check64(a, N, &ok);
    printf("mergesort sorted=%d hash=%016llx median=%lld\n", ok, h, a[N / 2]);
    for (int i = 0; i < N; i++) w[i] = (u32)rng_next(&s) % 100000u;
    heapsort(w, N);
    u32 g = check32(w, N, &ok);
    printf("heapsort sorted=%d hash=%08x\n", ok, g);
    for (int i = 0; i < 600; i++) w[i] = (u32)rng_next(&s) & 0xffff;
    insertion(w, 600);
    g = check32(w, 600, &ok);
    printf("insertion sorted=%d hash=%08x first=%u last=%u\n", ok, g, w[0], w[599]);
    /* descending and all-equal inputs */
    for (int i = 0; i < N; i++) a[i] = N - i;
    quicksort(a, 0, N - 1);
    h = check64(a, N, &ok);
    printf("descending sorted=%d hash=%016llx\n", ok, h);
    for (int i = 0; i < N; i++) a[i] = 7;
    mergesort(a, tmp, N);
    h = check64(a, N, &ok);
    printf("equal sorted=%d hash=%016llx\n", ok, h);
    /* binary search of every 97th element */
    memcpy(a, orig, sizeof a);
    quicksort(a, 0, N - 1);
    int found = 0;
    for (int i = 0; i < N; i += 97) {
        i64 key = orig[i]; int lo = 0, hi = N - 1;
        while (lo <= hi) { int m = (lo + hi) >> 1; if (a[m] < key) lo = m + 1; else if (a[m] > key) hi = m - 1; else { found++; break; } }
    }
    printf("bsearch found=%d\n", found);
    return 0;
}
