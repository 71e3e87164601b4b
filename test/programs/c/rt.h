/* Freestanding runtime of the test programs: PL011 output, string functions, a small printf. */
#ifndef RT_H
#define RT_H

typedef unsigned long size_t;
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef long long i64;
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, t) __builtin_va_arg(ap, t)
#define va_end(ap) __builtin_va_end(ap)
#define NULL ((void *)0)

void putc_uart(char c);
void puts_uart(const char *s);
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *h, const char *n);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...);
int printf(const char *fmt, ...);
void _exit(int code) __attribute__((noreturn));

/* xorshift64*: deterministic pseudo-random numbers, the same on every host. */
static inline u64 rng_next(u64 *s) {
    u64 x = *s;
    x ^= x >> 12; x ^= x << 25; x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}


/* The generic timer's virtual count around the workload: under QEMU TCG it runs at CNTFRQ in host
 * time, so bench/speed.ts gets QEMU's execution time without process start-up. Printed on its own
 * "ticks=" line, which the comparisons ignore (armvirt's counter counts instructions). */
static inline u64 cntvct(void) { u64 t; __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(t) :: "memory"); return t; }
static inline u64 cntfrq(void) { u64 t; __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(t)); return t; }

#endif
