/* CRC-32 (IEEE 802.3, reflected 0xEDB88320) table-driven and bitwise, CRC-32C (Castagnoli),
 * CRC-16/CCITT-FALSE, Adler-32 and FNV-1a on known check strings and a pseudo-random buffer. */
#include "rt.h"

static u32 t32[256], t32c[256];
static u8 buf[8192];

static void mktable(u32 *t, u32 poly) {
    for (u32 i = 0; i < 256; i++) {
        u32 c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ poly : c >> 1;
        t[i] = c;
    }
}

static u32 crc_table(const u32 *t, const u8 *p, size_t n) {
    u32 c = ~0u;
    while (n--) c = t[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static u32 crc_bitwise(u32 poly, const u8 *p, size_t n) {
    u32 c = ~0u;
    while (n--) { c ^= *p++; for (int k = 0; k < 8; k++) c = (c >> 1) ^ (poly & -(c & 1)); }
    return ~c;
}

static u16 crc16_ccitt(const u8 *p, size_t n) {
    u16 c = 0xffff;
    while (n--) { c ^= (u16)(*p++ << 8); for (int k = 0; k < 8; k++) c = c & 0x8000 ? (u16)((c << 1) ^ 0x1021) : (u16)(c << 1); }
    return c;
}

static u32 adler32(const u8 *p, size_t n) {
    u32 a = 1, b = 0;
    while (n--) { a = (a + *p++) % 65521; b = (b + a) % 65521; }
    return b << 16 | a;
}

int main(void) {
    mktable(t32, 0xEDB88320u);
    mktable(t32c, 0x82F63B78u);
    const char *check = "123456789";
    size_t n = strlen(check);
    const u8 *c = (const u8 *)check;
    printf("crc32(check)  table=%08x bitwise=%08x (expect cbf43926)\n", crc_table(t32, c, n), crc_bitwise(0xEDB88320u, c, n));
    printf("crc32c(check) table=%08x bitwise=%08x (expect e3069283)\n", crc_table(t32c, c, n), crc_bitwise(0x82F63B78u, c, n));
    printf("crc16(check)=%04x (expect 29b1) adler32(Wikipedia)=%08x (expect 11e60398)\n", crc16_ccitt(c, n),
           adler32((const u8 *)"Wikipedia", 9));
    const char *fox = "The quick brown fox jumps over the lazy dog";
    printf("crc32(fox)=%08x (expect 414fa339)\n", crc_table(t32, (const u8 *)fox, strlen(fox)));
    u64 s = 12345;
    for (size_t i = 0; i < sizeof buf; i++) buf[i] = (u8)(rng_next(&s) >> 56);
    u32 a = crc_table(t32, buf, sizeof buf), b = crc_bitwise(0xEDB88320u, buf, sizeof buf);
    printf("crc32(buf) table=%08x bitwise=%08x equal=%d\n", a, b, a == b);
    a = crc_table(t32c, buf, sizeof buf); b = crc_bitwise(0x82F63B78u, buf, sizeof buf);
    printf("crc32c(buf) table=%08x bitwise=%08x equal=%d\n", a, b, a == b);
    /* CRC over growing prefixes */
    u32 acc = 0;
    for (size_t len = 0; len <= 512; len += 17) acc ^= crc_table(t32, buf + len, len) + (u32)len;
    printf("prefixes=%08x crc16(buf)=%04x adler32(buf)=%08x\n", acc, crc16_ccitt(buf, sizeof buf), adler32(buf, sizeof buf));
    u64 h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < sizeof buf; i++) h = (h ^ buf[i]) * 0x100000001b3ULL;
    printf("fnv1a64(buf)=%016llx\n", h);
    return 0;
}
