/* The runtime's printf: every conversion, flag, width and length; snprintf truncation. */
#include "rt.h"

int main(void) {
    u64 el;
    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    printf("CurrentEL=%llu\n", (el >> 2) & 3);   /* 2: both start the ELF at EL2 */
    printf("[%d] [%i] [%d] [%d]\n", 0, 42, -42, -2147483647 - 1);
    printf("[%u] [%u] [%x] [%X] [%o]\n", 0u, 4294967295u, 0xdeadbeefu, 0xdeadbeefu, 8u);
    printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]\n", 42, 42, 42, 42, 42, -42);
    printf("[%08x] [%#x] [%#o] [%#X] [%.3d] [%8.3d]\n", 0xbeefu, 255u, 8u, 255u, 7, 7);
    printf("[%ld] [%ld] [%lu] [%lx]\n", 9223372036854775807L, -9223372036854775807L - 1, 18446744073709551615UL, 0x123456789abcdefUL);
    printf("[%lld] [%llu] [%llx] [%016llx]\n", -1LL, 12345678901234ULL, 0xfedcba9876543210ULL, 0xabcULL);
    printf("[%hd] [%hu] [%hhd] [%hhx]\n", 70000, 70000, 200, 0x1ff);
    printf("[%zu] [%p] [%p]\n", (size_t)1 << 40, (void *)0x40080000UL, (void *)0);
    printf("[%c%c%c] [%3c] [%-3c]\n", 'a', 'b', 'c', 'x', 'y');
    printf("[%s] [%10s] [%-10s] [%.2s] [%s]\n", "str", "right", "left", "truncate", (char *)0);
    printf("[%*d] [%-*d] [%.*s]\n", 6, 1, 6, 2, 3, "abcdef");
    printf("[%%] [%q]\n");
    char buf[16];
    int n = snprintf(buf, sizeof buf, "%s-%d-%s", "abcdefgh", 12345, "xyz");
    printf("snprintf=%d '%s'\n", n, buf);
    n = snprintf(buf, sizeof buf, "%x", 0x1234u);
    printf("snprintf=%d '%s'\n", n, buf);
    /* a table with widths */
    for (int i = 1; i <= 12; i++) printf("%3d %5d %8lu|%-6x|\n", i, i * i, (unsigned long)i * i * i * i * i * i, (unsigned)i * 4099);
    u64 f = 1;
    for (int i = 1; i <= 20; i++) { f *= (u64)i; printf("%2d! = %llu\n", i, f); }
    return 0;
}
