/* The string and memory functions as the kernel build compiles them
 * (freestanding, i686, no SSE): the host tests cover the same sources, but
 * only this run proves the kernel's copy of them works, word paths included. */
#include "kernel/selftest.h"
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define BUF 96

static unsigned char src_buf[BUF], dst_buf[BUF], ref_buf[BUF];

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed + i * 7 + 1);
}

static int sign(int v) { return (v > 0) - (v < 0); }

KTEST(string, memcpy_memset_all_alignments)
{
    int bad_cpy = 0, bad_set = 0, bad_ret = 0;
    for (size_t so = 0; so < 8; so++) {
        for (size_t d_o = 0; d_o < 8; d_o++) {
            for (size_t n = 0; n <= 64; n++) {
                fill(src_buf, BUF, (unsigned)(so + n));
                fill(dst_buf, BUF, 200);
                memcpy(ref_buf, dst_buf, BUF);
                for (size_t i = 0; i < n; i++)
                    ref_buf[d_o + i] = src_buf[so + i];
                if (memcpy(dst_buf + d_o, src_buf + so, n) != dst_buf + d_o)
                    bad_ret++;
                for (size_t i = 0; i < BUF; i++)
                    bad_cpy += dst_buf[i] != ref_buf[i];

                /* memset only once per (offset, length). */
                if (so == 0) {
                    fill(dst_buf, BUF, 9);
                    memcpy(ref_buf, dst_buf, BUF);
                    for (size_t i = 0; i < n; i++)
                        ref_buf[d_o + i] = 0xC3;
                    if (memset(dst_buf + d_o, 0x1C3, n) != dst_buf + d_o)   /* converted to unsigned char */
                        bad_ret++;
                    for (size_t i = 0; i < BUF; i++)
                        bad_set += dst_buf[i] != ref_buf[i];
                }
            }
        }
    }
    KT_CHECK_EQ(t, bad_cpy, 0);
    KT_CHECK_EQ(t, bad_set, 0);
    KT_CHECK_EQ(t, bad_ret, 0);
}

KTEST(string, memmove_overlapping)
{
    int bad = 0;
    for (size_t from = 0; from < 16; from++) {
        for (size_t to = 0; to < 16; to++) {
            for (size_t n = 0; n <= 64; n += 3) {
                fill(dst_buf, BUF, (unsigned)(from * 16 + to));
                memcpy(ref_buf, dst_buf, BUF);
                unsigned char tmp[BUF];
                for (size_t i = 0; i < n; i++)
                    tmp[i] = ref_buf[from + i];
                for (size_t i = 0; i < n; i++)
                    ref_buf[to + i] = tmp[i];
                memmove(dst_buf + to, dst_buf + from, n);
                bad += memcmp(dst_buf, ref_buf, BUF) != 0;
            }
        }
    }
    KT_CHECK_EQ(t, bad, 0);
}

KTEST(string, compare_and_search)
{
    KT_CHECK_EQ(t, memcmp("abc", "abd", 3) < 0, 1);
    KT_CHECK_EQ(t, memcmp("abd", "abc", 3) > 0, 1);
    KT_CHECK_EQ(t, memcmp("abc", "abd", 2), 0);
    /* Bytes compare as unsigned char. */
    KT_CHECK_EQ(t, sign(memcmp("\x80", "\x7f", 1)), 1);
    KT_CHECK_EQ(t, sign(strcmp("\xff", "a")), 1);
    KT_CHECK_EQ(t, sign(strcmp("abc", "abcd")), -1);
    KT_CHECK_EQ(t, strcmp("kestrel", "kestrel"), 0);
    KT_CHECK_EQ(t, strncmp("kestrel", "kestral", 5), 0);
    KT_CHECK_EQ(t, sign(strncmp("kestrel", "kestral", 6)), 1);
    KT_CHECK_EQ(t, strcasecmp("KeStReL", "kestrel"), 0);
    KT_CHECK_EQ(t, sign(strncasecmp("ABC", "abd", 3)), -1);

    const char *s = "path/to/some/file";
    KT_CHECK_EQ(t, strlen(s), 17);
    KT_CHECK_EQ(t, strlen(""), 0);
    KT_CHECK_EQ(t, strnlen(s, 4), 4);
    KT_CHECK_EQ(t, strnlen(s, 100), 17);
    KT_CHECK(t, strchr(s, '/') == s + 4);
    KT_CHECK(t, strrchr(s, '/') == s + 12);
    KT_CHECK(t, strchr(s, 0) == s + 17);
    KT_CHECK(t, strchr(s, 'z') == NULL);
    KT_CHECK(t, strstr(s, "some") == s + 8);
    KT_CHECK(t, strstr(s, "") == s);
    KT_CHECK(t, strstr(s, "filex") == NULL);
    KT_CHECK(t, memchr(s, 'f', 17) == s + 13);
    KT_CHECK(t, memchr(s, 'f', 13) == NULL);
    KT_CHECK_EQ(t, strspn("  \tx", " \t"), 3);
    KT_CHECK_EQ(t, strcspn("key=value", "=:"), 3);
    KT_CHECK(t, strpbrk(s, "ef") == s + 11);
}

KTEST(string, copy_and_concatenate)
{
    char buf[16];
    KT_CHECK_EQ(t, strlcpy(buf, "kestrel", sizeof(buf)), 7);
    KT_CHECK_EQ(t, strcmp(buf, "kestrel"), 0);
    /* Truncation: returns the length it needed, and always terminates. */
    KT_CHECK_EQ(t, strlcpy(buf, "a much longer string", 8), 20);
    KT_CHECK_EQ(t, strcmp(buf, "a much "), 0);
    strlcpy(buf, "abc", sizeof(buf));
    KT_CHECK_EQ(t, strlcat(buf, "defghijklmnopqrs", sizeof(buf)), 19);
    KT_CHECK_EQ(t, strcmp(buf, "abcdefghijklmno"), 0);

    memset(buf, 'X', sizeof(buf));
    KT_CHECK(t, strncpy(buf, "ab", 6) == buf);
    KT_CHECK(t, memcmp(buf, "ab\0\0\0\0XX", 8) == 0);  /* padded with zeros, no further */
    KT_CHECK(t, stpcpy(buf, "xyz") == buf + 3);
    KT_CHECK(t, strcat(buf, "12") == buf && strcmp(buf, "xyz12") == 0);
    KT_CHECK(t, strncat(buf, "3456", 2) == buf && strcmp(buf, "xyz1234") == 0);
    KT_CHECK(t, strcpy(buf, "") == buf && buf[0] == 0);
}

KTEST(string, tokenise)
{
    char line[] = "  ls -l,,/bin ";
    char *save = NULL;
    const char *want[] = {"ls", "-l", "/bin"};
    unsigned n = 0;
    for (char *tok = strtok_r(line, " ,", &save); tok; tok = strtok_r(NULL, " ,", &save)) {
        if (n < 3)
            KT_CHECK_EQ(t, strcmp(tok, want[n]), 0);
        n++;
    }
    KT_CHECK_EQ(t, n, 3);

    char fields[] = "a::b";
    char *p = fields;
    KT_CHECK_EQ(t, strcmp(strsep(&p, ":"), "a"), 0);
    KT_CHECK_EQ(t, strcmp(strsep(&p, ":"), ""), 0);     /* empty field kept */
    KT_CHECK_EQ(t, strcmp(strsep(&p, ":"), "b"), 0);
    KT_CHECK(t, p == NULL);
    KT_CHECK(t, strsep(&p, ":") == NULL);

    KT_CHECK_EQ(t, ffs(0), 0);
    KT_CHECK_EQ(t, ffs(1), 1);
    KT_CHECK_EQ(t, ffs(INT32_MIN), 32);
    unsigned char z[5] = {1, 2, 3, 4, 5};
    bzero(z + 1, 3);
    KT_CHECK(t, z[0] == 1 && z[1] == 0 && z[3] == 0 && z[4] == 5);
}
