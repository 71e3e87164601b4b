/* Freestanding runtime: PL011 UART output (QEMU virt, 0x09000000) and the C library subset the
 * programs use. Built with -fno-builtin so these are real calls, exercising loads/stores,
 * byte handling and branches of the emulator. */
#include "rt.h"

#define UART_BASE 0x09000000UL
#define UARTDR (*(volatile u32 *)(UART_BASE + 0x000))
#define UARTFR (*(volatile u32 *)(UART_BASE + 0x018))
#define FR_TXFF (1u << 5)

void putc_uart(char c) {
    while (UARTFR & FR_TXFF) { }
    UARTDR = (u8)c;
}

void puts_uart(const char *s) { while (*s) putc_uart(*s++); }

void *memcpy(void *d, const void *s, size_t n) {
    u8 *dp = d; const u8 *sp = s;
    /* Word copies when both are 8-aligned (built with -mstrict-align: MMU off means Device memory). */
    if ((((size_t)dp | (size_t)sp) & 7) == 0) {
        for (; n >= 8; n -= 8, dp += 8, sp += 8) *(u64 *)dp = *(const u64 *)sp;
    }
    while (n--) *dp++ = *sp++;
    return d;
}

void *memmove(void *d, const void *s, size_t n) {
    u8 *dp = d; const u8 *sp = s;
    if (dp <= sp || dp >= sp + n) return memcpy(d, s, n);
    while (n--) dp[n] = sp[n];
    return d;
}

void *memset(void *d, int c, size_t n) {
    u8 *dp = d;
    u64 w = (u8)c; w |= w << 8; w |= w << 16; w |= w << 32;
    while (n && ((size_t)dp & 7)) { *dp++ = (u8)c; n--; }
    for (; n >= 8; n -= 8, dp += 8) *(u64 *)dp = w;
    while (n--) *dp++ = (u8)c;
    return d;
}

int memcmp(const void *a, const void *b, size_t n) {
    const u8 *x = a, *y = b;
    for (; n; n--, x++, y++) if (*x != *y) return *x - *y;
    return 0;
}

size_t strlen(const char *s) { const char *p = s; while (*p) p++; return (size_t)(p - s); }

int strcmp(const char *a, const char *b) {
    while (*a && *a == *b) { a++; b++; }
    return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n) {
    for (; n; n--, a++, b++) { if (*a != *b || !*a) return (u8)*a - (u8)*b; }
    return 0;
}

char *strcpy(char *d, const char *s) { char *r = d; while ((*d++ = *s++)) { } return r; }

char *strchr(const char *s, int c) {
    for (;; s++) { if (*s == (char)c) return (char *)s; if (!*s) return NULL; }
}

char *strrchr(const char *s, int c) {
    const char *r = NULL;
    for (;; s++) { if (*s == (char)c) r = s; if (!*s) return (char *)r; }
}

char *strstr(const char *h, const char *n) {
    size_t l = strlen(n);
    if (!l) return (char *)h;
    for (; *h; h++) if (*h == *n && !strncmp(h, n, l)) return (char *)h;
    return NULL;
}

/* ---- printf: %d %i %u %x %X %o %s %c %p %%, length l/ll/z/h/hh, flags - 0 + space #, width, precision ---- */
struct out { char *buf; size_t size, len; };

static void emit(struct out *o, char c) {
    if (o->buf) { if (o->len + 1 < o->size) o->buf[o->len] = c; }
    else putc_uart(c);
    o->len++;
}

static void pad(struct out *o, char c, int n) { while (n-- > 0) emit(o, c); }

static void fmt_num(struct out *o, u64 v, int neg, unsigned base, int upper, int width, int prec,
                    int left, int zero, char sign, const char *prefix) {
    char tmp[24]; int n = 0;
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do { tmp[n++] = digits[v % base]; v /= base; } while (v);
    if (prec == 0 && n == 1 && tmp[0] == '0') n = 0;
    int zeros = prec > n ? prec - n : 0;
    int plen = (int)strlen(prefix) + (neg || sign ? 1 : 0);
    int total = plen + zeros + n;
    if (zero && !left && prec < 0 && width > total) { zeros += width - total; total = width; }
    if (!left) pad(o, ' ', width - total);
    if (neg) emit(o, '-'); else if (sign) emit(o, sign);
    while (*prefix) emit(o, *prefix++);
    pad(o, '0', zeros);
    while (n) emit(o, tmp[--n]);
    if (left) pad(o, ' ', width - total);
}

static int format(struct out *o, const char *f, va_list ap) {
    for (; *f; f++) {
        if (*f != '%') { emit(o, *f); continue; }
        int left = 0, zero = 0, alt = 0, width = 0, prec = -1, lng = 0; char sign = 0;
        for (;; f++) {
            if (f[1] == '-') left = 1; else if (f[1] == '0') zero = 1; else if (f[1] == '+') sign = '+';
            else if (f[1] == ' ') { if (!sign) sign = ' '; } else if (f[1] == '#') alt = 1; else break;
        }
        f++;
        if (*f == '*') { width = va_arg(ap, int); if (width < 0) { left = 1; width = -width; } f++; }
        else while (*f >= '0' && *f <= '9') width = width * 10 + (*f++ - '0');
        if (*f == '.') {
            f++; prec = 0;
            if (*f == '*') { prec = va_arg(ap, int); f++; } else while (*f >= '0' && *f <= '9') prec = prec * 10 + (*f++ - '0');
        }
        for (;; f++) {
            if (*f == 'l' || *f == 'z' || *f == 'j' || *f == 't') lng = 2; else if (*f == 'h') lng = lng > 0 ? lng : lng - 1; else break;
        }
        switch (*f) {
        case 'd': case 'i': {
            i64 v = lng == 2 ? va_arg(ap, i64) : (i64)va_arg(ap, int);
            if (lng == -1) v = (short)v; else if (lng < -1) v = (signed char)v;
            fmt_num(o, v < 0 ? -(u64)v : (u64)v, v < 0, 10, 0, width, prec, left, zero, sign, "");
            break;
        }
        case 'u': case 'x': case 'X': case 'o': {
            u64 v = lng == 2 ? va_arg(ap, u64) : (u64)va_arg(ap, unsigned);
            if (lng == -1) v = (u16)v; else if (lng < -1) v = (u8)v;
            unsigned base = *f == 'u' ? 10 : *f == 'o' ? 8 : 16;
            const char *pre = alt && v ? (*f == 'x' ? "0x" : *f == 'X' ? "0X" : *f == 'o' ? "0" : "") : "";
            fmt_num(o, v, 0, base, *f == 'X', width, prec, left, zero, 0, pre);
            break;
        }
        case 'p':
            fmt_num(o, (u64)(size_t)va_arg(ap, void *), 0, 16, 0, width, prec, left, zero, 0, "0x");
            break;
        case 'c': {
            char c = (char)va_arg(ap, int);
            if (!left) pad(o, ' ', width - 1);
            emit(o, c);
            if (left) pad(o, ' ', width - 1);
            break;
        }
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s) s = "(null)";
            int n = (int)strlen(s);
            if (prec >= 0 && prec < n) n = prec;
            if (!left) pad(o, ' ', width - n);
            for (int i = 0; i < n; i++) emit(o, s[i]);
            if (left) pad(o, ' ', width - n);
            break;
        }
        case '%': emit(o, '%'); break;
        case 0: f--; break;
        default: emit(o, '%'); emit(o, *f); break;
        }
    }
    return (int)o->len;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) {
    struct out o = { buf, size, 0 };
    int n = format(&o, fmt, ap);
    if (buf && size) buf[o.len < size ? o.len : size - 1] = 0;
    return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...) {
    va_list ap; va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...) {
    va_list ap; va_start(ap, fmt);
    struct out o = { NULL, 0, 0 };
    int n = format(&o, fmt, ap);
    va_end(ap);
    return n;
}
