/* Host tests for libc/string: every function is checked against the host C
 * library (or, where glibc lacks it, against a definition written out here)
 * over all small alignments and lengths plus seeded random inputs. */
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "host_test.h"

void *kl_memcpy(void *, const void *, size_t);
void *kl_memmove(void *, const void *, size_t);
void *kl_memset(void *, int, size_t);
int kl_memcmp(const void *, const void *, size_t);
void *kl_memchr(const void *, int, size_t);
void *kl_memccpy(void *, const void *, int, size_t);
size_t kl_strlen(const char *);
size_t kl_strnlen(const char *, size_t);
int kl_strcmp(const char *, const char *);
int kl_strncmp(const char *, const char *, size_t);
int kl_strcoll(const char *, const char *);
size_t kl_strxfrm(char *, const char *, size_t);
char *kl_strcpy(char *, const char *);
char *kl_strncpy(char *, const char *, size_t);
char *kl_stpcpy(char *, const char *);
char *kl_strcat(char *, const char *);
char *kl_strncat(char *, const char *, size_t);
size_t kl_strlcpy(char *, const char *, size_t);
size_t kl_strlcat(char *, const char *, size_t);
char *kl_strchr(const char *, int);
char *kl_strrchr(const char *, int);
char *kl_strstr(const char *, const char *);
size_t kl_strspn(const char *, const char *);
size_t kl_strcspn(const char *, const char *);
char *kl_strpbrk(const char *, const char *);
char *kl_strtok(char *, const char *);
char *kl_strtok_r(char *, const char *, char **);
char *kl_strsep(char **, const char *);
int kl_strcasecmp(const char *, const char *);
int kl_strncasecmp(const char *, const char *, size_t);
void kl_bzero(void *, size_t);
void kl_bcopy(const void *, void *, size_t);
int kl_bcmp(const void *, const void *, size_t);
int kl_ffs(int);

/* Fixed-seed generator so that failures reproduce. */
static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

static int sign(int v) { return (v > 0) - (v < 0); }

/* Fills with a pattern whose bytes differ from their neighbours. */
static void fill_pattern(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 7 + 1);
}

/* Random string over a small alphabet (so that matches are frequent), with
 * high-bit bytes mixed in to catch signed-char mistakes. */
static void random_string(char *s, size_t maxlen)
{
    static const char alphabet[] = "abcAB,; \xe9\x80";
    size_t len = rng() % (maxlen + 1);
    for (size_t i = 0; i < len; i++)
        s[i] = alphabet[rng() % (sizeof(alphabet) - 1)];
    s[len] = '\0';
}

enum { BUF = 160, MAXOFF = 16, MAXLEN = 100 };

static void test_memcpy_memset(void)
{
    unsigned char src[BUF], mine[BUF], want[BUF];
    for (size_t so = 0; so < MAXOFF; so++)
        for (size_t d_o = 0; d_o < MAXOFF; d_o++)
            for (size_t n = 0; n < MAXLEN; n += 1 + n / 16) {
                fill_pattern(src, BUF, 3);
                fill_pattern(mine, BUF, 100);
                fill_pattern(want, BUF, 100);
                /* Reference by hand: the bytes around the copy must survive. */
                for (size_t i = 0; i < n; i++)
                    want[d_o + i] = src[so + i];
                CHECK(kl_memcpy(mine + d_o, src + so, n) == mine + d_o);
                CHECK(memcmp(mine, want, BUF) == 0);
            }
    for (size_t off = 0; off < MAXOFF; off++)
        for (size_t n = 0; n < MAXLEN; n++) {
            int c = (int)(0x1200 + n * 37); /* only the low byte counts */
            fill_pattern(mine, BUF, 1);
            fill_pattern(want, BUF, 1);
            for (size_t i = 0; i < n; i++)
                want[off + i] = (unsigned char)c;
            CHECK(kl_memset(mine + off, c, n) == mine + off);
            CHECK(memcmp(mine, want, BUF) == 0);
        }
    fill_pattern(mine, BUF, 9);
    memcpy(want, mine, BUF);
    memset(want + 5, 0, 77);
    kl_bzero(mine + 5, 77);
    CHECK(memcmp(mine, want, BUF) == 0);
}

static void test_memmove(void)
{
    unsigned char mine[BUF], want[BUF];
    /* Source and destination inside one buffer, overlapping either way. */
    for (size_t so = 0; so < 2 * MAXOFF; so++)
        for (size_t d_o = 0; d_o < 2 * MAXOFF; d_o++)
            for (size_t n = 0; n < MAXLEN; n += 1 + n / 20) {
                fill_pattern(mine, BUF, 5);
                fill_pattern(want, BUF, 5);
                memmove(want + d_o, want + so, n);
                CHECK(kl_memmove(mine + d_o, mine + so, n) == mine + d_o);
                CHECK(memcmp(mine, want, BUF) == 0);
                fill_pattern(mine, BUF, 5);
                kl_bcopy(mine + so, mine + d_o, n);
                CHECK(memcmp(mine, want, BUF) == 0);
            }
}

static void test_memcmp_memchr(void)
{
    unsigned char a[64], b[64];
    for (int round = 0; round < 5000; round++) {
        size_t n = rng() % 64;
        for (size_t i = 0; i < 64; i++)
            a[i] = b[i] = (unsigned char)rng();
        if (n && rng() % 2)
            b[rng() % n] = (unsigned char)rng(); /* maybe a late difference */
        CHECK(sign(kl_memcmp(a, b, n)) == sign(memcmp(a, b, n)));
        CHECK((kl_bcmp(a, b, n) == 0) == (memcmp(a, b, n) == 0));
        int c = (int)(rng() % 512) - 256;
        CHECK(kl_memchr(a, c, n) == memchr(a, c, n));

        unsigned char mine[64], want[64];
        memset(mine, 0xaa, sizeof(mine));
        memset(want, 0xaa, sizeof(want));
        void *r1 = kl_memccpy(mine, a, c, n), *r2 = memccpy(want, a, c, n);
        CHECK((r1 ? (unsigned char *)r1 - mine : -1) ==
              (r2 ? (unsigned char *)r2 - want : -1));
        CHECK(memcmp(mine, want, sizeof(mine)) == 0);
    }
    CHECK(kl_memcmp("\x80", "\x7f", 1) > 0); /* bytes are unsigned */
    CHECK(kl_memcmp("abc", "abd", 0) == 0);
}

static void test_length_compare(void)
{
    char a[40], b[40];
    for (int round = 0; round < 5000; round++) {
        random_string(a, 30);
        if (rng() % 3)
            random_string(b, 30);
        else
            strcpy(b, a); /* equal strings, or one a prefix of the other */
        if (rng() % 4 == 0)
            b[rng() % (strlen(b) + 1)] = '\0';
        size_t n = rng() % 35;
        CHECK(kl_strlen(a) == strlen(a));
        CHECK(kl_strnlen(a, n) == strnlen(a, n));
        CHECK(sign(kl_strcmp(a, b)) == sign(strcmp(a, b)));
        CHECK(sign(kl_strcoll(a, b)) == sign(strcmp(a, b)));
        CHECK(sign(kl_strncmp(a, b, n)) == sign(strncmp(a, b, n)));
        CHECK(sign(kl_strcasecmp(a, b)) == sign(strcasecmp(a, b)));
        CHECK(sign(kl_strncasecmp(a, b, n)) == sign(strncasecmp(a, b, n)));
    }
    /* In the "C" locale strxfrm is the identity, as on the host. */
    char x1[16], x2[16];
    for (size_t n = 0; n < 8; n++) {
        memset(x1, 'q', sizeof(x1));
        memset(x2, 'q', sizeof(x2));
        size_t r1 = kl_strxfrm(x1, "hello", n), r2 = strxfrm(x2, "hello", n);
        CHECK(r1 == r2);
        if (n > r2)
            CHECK(strcmp(x1, x2) == 0);
    }
    CHECK(kl_strcasecmp("HeLLo", "hello") == 0);
    CHECK(kl_strncasecmp("abcX", "ABCy", 3) == 0);
    CHECK(kl_strcasecmp("a", "_") > 0 && strcasecmp("a", "_") > 0);
    CHECK(kl_strcmp("\xe9", "a") > 0);
}

static void test_copy_concat(void)
{
    char src[40], mine[96], want[96];
    for (int round = 0; round < 3000; round++) {
        random_string(src, 30);
        size_t n = rng() % 40;

        memset(mine, 'x', sizeof(mine));
        memset(want, 'x', sizeof(want));
        CHECK(kl_strcpy(mine, src) == mine);
        strcpy(want, src);
        CHECK(memcmp(mine, want, sizeof(mine)) == 0);
        CHECK(kl_stpcpy(mine + 1, src) == mine + 1 + strlen(src));

        memset(mine, 'x', sizeof(mine));
        memset(want, 'x', sizeof(want));
        CHECK(kl_strncpy(mine, src, n) == mine);
        strncpy(want, src, n);
        CHECK(memcmp(mine, want, sizeof(mine)) == 0);

        random_string(mine, 30);
        strcpy(want, mine);
        CHECK(kl_strcat(mine, src) == mine);
        strcat(want, src);
        CHECK(strcmp(mine, want) == 0);
        CHECK(kl_strncat(mine, src, n) == mine);
        strncat(want, src, n);
        CHECK(strcmp(mine, want) == 0);
    }
}

/* glibc on the build machine may predate strlcpy, so the expected results are
 * spelled out from the BSD definition. */
static void test_strlcpy_strlcat(void)
{
    char buf[16];
    memset(buf, 'x', sizeof(buf));
    CHECK(kl_strlcpy(buf, "hello world", 6) == 11);
    CHECK(strcmp(buf, "hello") == 0 && buf[6] == 'x');
    CHECK(kl_strlcpy(buf, "hi", sizeof(buf)) == 2 && strcmp(buf, "hi") == 0);
    memset(buf, 'x', sizeof(buf));
    CHECK(kl_strlcpy(buf, "abc", 0) == 3 && buf[0] == 'x');
    CHECK(kl_strlcpy(buf, "", 1) == 0 && buf[0] == '\0');

    strcpy(buf, "abc");
    CHECK(kl_strlcat(buf, "defgh", 7) == 8);
    CHECK(strcmp(buf, "abcdef") == 0);
    strcpy(buf, "abc");
    CHECK(kl_strlcat(buf, "de", sizeof(buf)) == 5 && strcmp(buf, "abcde") == 0);
    /* No terminator within size: dst untouched, size + strlen(src) returned. */
    memcpy(buf, "abcdefgh", 8);
    CHECK(kl_strlcat(buf, "xyz", 4) == 7 && memcmp(buf, "abcdefgh", 8) == 0);
    strcpy(buf, "abc");
    CHECK(kl_strlcat(buf, "xyz", 4) == 6 && strcmp(buf, "abc") == 0);
}

static void test_search(void)
{
    char s[40], set[8], needle[6];
    for (int round = 0; round < 5000; round++) {
        random_string(s, 30);
        random_string(set, 4);
        random_string(needle, 3);
        int c = (int)(rng() % 512) - 256;
        if (rng() % 8 == 0)
            c = 0;
        CHECK(kl_strchr(s, c) == strchr(s, c));
        CHECK(kl_strrchr(s, c) == strrchr(s, c));
        CHECK(kl_strstr(s, needle) == strstr(s, needle));
        CHECK(kl_strspn(s, set) == strspn(s, set));
        CHECK(kl_strcspn(s, set) == strcspn(s, set));
        CHECK(kl_strpbrk(s, set) == strpbrk(s, set));
    }
    const char *t = "abcabcabd";
    CHECK(kl_strstr(t, "abd") == t + 6);
    CHECK(kl_strstr(t, "") == t);
    CHECK(kl_strstr(t, "abcabcabdx") == NULL);
    CHECK(kl_strchr(t, '\0') == t + 9);
    CHECK(kl_strchr(t, 'a' + 256) == t); /* converted to char */
}

static void test_tokens(void)
{
    char s1[40], s2[40], delim[4];
    for (int round = 0; round < 3000; round++) {
        /* Whole arrays are compared below, so the tails must start equal. */
        memset(s1, 0, sizeof(s1));
        memset(s2, 0, sizeof(s2));
        random_string(s1, 30);
        random_string(delim, 3);
        strcpy(s2, s1);
        char *save1, *save2;
        char *t1 = kl_strtok_r(s1, delim, &save1);
        char *t2 = strtok_r(s2, delim, &save2);
        for (;;) {
            CHECK((t1 ? t1 - s1 : -1) == (t2 ? t2 - s2 : -1));
            if (!t1 || !t2)
                break;
            t1 = kl_strtok_r(NULL, delim, &save1);
            t2 = strtok_r(NULL, delim, &save2);
        }
        CHECK(memcmp(s1, s2, sizeof(s1)) == 0);

        memset(s1, 0, sizeof(s1));
        memset(s2, 0, sizeof(s2));
        random_string(s1, 30);
        strcpy(s2, s1);
        char *p1 = s1, *p2 = s2;
        for (;;) {
            t1 = kl_strsep(&p1, delim);
            t2 = strsep(&p2, delim);
            CHECK((t1 ? t1 - s1 : -1) == (t2 ? t2 - s2 : -1));
            CHECK((p1 ? p1 - s1 : -1) == (p2 ? p2 - s2 : -1));
            if (!t1 || !t2)
                break;
        }
        CHECK(memcmp(s1, s2, sizeof(s1)) == 0);
    }
    /* strtok keeps its own state between calls. */
    char text[] = ",,a,bb;;c,";
    CHECK(strcmp(kl_strtok(text, ",;"), "a") == 0);
    CHECK(strcmp(kl_strtok(NULL, ",;"), "bb") == 0);
    CHECK(strcmp(kl_strtok(NULL, ",;"), "c") == 0);
    CHECK(kl_strtok(NULL, ",;") == NULL);
    CHECK(kl_strtok(NULL, ",;") == NULL);
}

static void test_ffs(void)
{
    CHECK(kl_ffs(0) == 0);
    for (int bit = 0; bit < 32; bit++) {
        int v = (int)(1u << bit);
        CHECK(kl_ffs(v) == ffs(v));
        CHECK(kl_ffs(v | (int)0x80000000u) == bit + 1);
    }
}

int main(void)
{
    test_memcpy_memset();
    test_memmove();
    test_memcmp_memchr();
    test_length_compare();
    test_copy_concat();
    test_strlcpy_strlcat();
    test_search();
    test_tokens();
    test_ffs();
    return host_test_finish("test_string");
}
