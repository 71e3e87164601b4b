/* String and memory functions of rt.c: results printed so QEMU and armvirt can be compared. */
#include "rt.h"

static u8 a[300], b[300];

static u32 sum(const u8 *p, size_t n) { u32 h = 2166136261u; while (n--) h = (h ^ *p++) * 16777619u; return h; }

int main(void) {
    const char *words[] = { "", "a", "abc", "abd", "hello, world", "hello", "zebra", "\xff\x01" };
    int n = sizeof words / sizeof words[0];
    for (int i = 0; i < n; i++) printf("strlen(%d)=%u\n", i, (unsigned)strlen(words[i]));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int c = strcmp(words[i], words[j]);
            printf("%c", c < 0 ? '<' : c > 0 ? '>' : '=');
        }
    printf("\n");
    printf("strncmp=%d %d %d\n", strncmp("hello", "help", 3) == 0, strncmp("hello", "help", 4) < 0, strncmp("ab", "ab", 10));
    /* memset/memcpy/memmove at every alignment and a spread of lengths */
    u32 acc = 0;
    for (int off = 0; off < 9; off++)
        for (int len = 0; len < 70; len += 7) {
            memset(a, 0x11 * (off + 1), sizeof a);
            for (int i = 0; i < 100; i++) b[i] = (u8)(i * 7 + off);
            memcpy(a + off, b + (8 - off), (size_t)len);
            memset(a + 150 + off, len, (size_t)len / 2);
            memmove(a + 10 + off, a + 5, (size_t)len);
            memmove(a + 3, a + 3 + off, (size_t)len);
            acc = acc * 31 + sum(a, sizeof a);
        }
    printf("memops=%08x\n", acc);
    printf("memcmp=%d %d %d\n", memcmp("abc", "abd", 3) < 0, memcmp("abc", "abc", 3), memcmp("b", "a", 1) > 0);
    char buf[64];
    strcpy(buf, "the quick brown fox");
    printf("strcpy=%s strchr=%s strrchr=%s\n", buf, strchr(buf, 'q'), strrchr(buf, 'o'));
    printf("strstr=%s|%s|%p\n", strstr(buf, "brown"), strstr(buf, ""), (void *)strstr(buf, "cat"));
    /* reverse words in place */
    char s[] = "one two three four five";
    int L = (int)strlen(s);
    for (int i = 0, j = L - 1; i < j; i++, j--) { char t = s[i]; s[i] = s[j]; s[j] = t; }
    for (int i = 0; i < L;) {
        int j = i; while (j < L && s[j] != ' ') j++;
        for (int p = i, q = j - 1; p < q; p++, q--) { char t = s[p]; s[p] = s[q]; s[q] = t; }
        i = j + 1;
    }
    printf("reversed=%s\n", s);
    /* toupper / counts */
    int counts[26] = { 0 };
    const char *text = "Pack my box with five dozen liquor jugs";
    for (const char *p = text; *p; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c += 32;
        if (c >= 'a' && c <= 'z') counts[c - 'a']++;
    }
    for (int i = 0; i < 26; i++) printf("%d", counts[i]);
    printf("\ndone\n");
    return 0;
}
