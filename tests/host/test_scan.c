/* Host tests for the scanf engine (libc/format): kl_sscanf is run side by
 * side with the host glibc's sscanf on hand-picked and seeded random inputs;
 * the return values and every byte written through the arguments must agree.
 * The reader interface that stdio builds on is checked on its own. */
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"

int kl_sscanf(const char *, const char *, ...);
int kl_vsscanf(const char *, const char *, va_list);
int kl_format_vscan(const char *, const char *, va_list);
struct format_reader {
    int (*getc)(void *ctx);
    void (*ungetc)(int c, void *ctx);
    void *ctx;
};
int kl_format_vscan_reader(const struct format_reader *, const char *,
                           va_list);

static uint64_t rng_state = 0x0123456789abcdefull;
static uint64_t rng64(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}
static unsigned rnd(unsigned n) { return (unsigned)(rng64() % n); }

enum { NARGS = 4, ARGSIZE = 64 };
static int mismatches_shown;

/* Every argument is a pointer into a sentinel-filled buffer, so whatever type
 * the format stores, the bytes written (and those not written) compare. */
static void check_scan(const char *input, const char *fmt)
{
    static unsigned char want[NARGS][ARGSIZE], got[NARGS][ARGSIZE];
    memset(want, 0xa5, sizeof(want));
    memset(got, 0xa5, sizeof(got));
    int rw = sscanf(input, fmt, want[0], want[1], want[2], want[3]);
    int rg = kl_sscanf(input, fmt, got[0], got[1], got[2], got[3]);
    int same = rw == rg && memcmp(want, got, sizeof(want)) == 0;
    CHECK(same);
    if (!same && mismatches_shown++ < 30) {
        fprintf(stderr, "  sscanf(\"%.60s\", \"%s\"): host %d, ours %d\n",
                input, fmt, rw, rg);
        for (int i = 0; i < NARGS; i++)
            if (memcmp(want[i], got[i], ARGSIZE))
                fprintf(stderr, "    arg %d: host %02x%02x%02x%02x.., ours "
                        "%02x%02x%02x%02x..\n", i, want[i][0], want[i][1],
                        want[i][2], want[i][3], got[i][0], got[i][1],
                        got[i][2], got[i][3]);
    }
}

/* Corner cases, most of them where C leaves a choice or where one character
 * of push-back shows: glibc's answers are the reference. */
static void test_table(void)
{
    static const char *const cases[][2] = {
        {"", "%d"}, {"   ", "%d"}, {"abc", "%d"}, {"", "x%d"}, {"", "%n"},
        {"  ", " %n"}, {"0x", "%x%n"}, {"0xg", "%x%n"}, {"0xg", "%i%n"},
        {"-", "%d%n"}, {"+-1", "%d"}, {"12345", "%3d%d"}, {"abc def", "%s%n"},
        {"abc", "%2c"}, {"a", "%2c"}, {"a]b-c", "%[]a-c]%n"},
        {"ab-c", "%[a-]%n"}, {"x", "%[a]"}, {"5 %", "%d %%"},
        {"5%", "%d%%%n"}, {"5 x", "%d%n x"}, {"1 2", "%d %d"}, {"1", "%d %d"},
        {"1 ", "%d %d"}, {"1 x", "%d %d"}, {"   %", "%%%n"}, {"0x10", "%i"},
        {"010", "%i"}, {"08", "%i%n"}, {"-0x10", "%i"}, {"-5", "%u"},
        {"99999999999", "%d"}, {"99999999999999999999", "%lld%n"},
        {"-99999999999999999999", "%lld"}, {"99999999999999999999", "%llu"},
        {"-1", "%llu"}, {"-9223372036854775808", "%lld"},
        {"0x1", "%2x%n"}, {"0x1", "%1x%n"}, {"-0x1", "%2x%n"},
        {"abc", "%*s%n"}, {"0x1234", "%p"}, {"(nil)", "%p%n"},
        {"(nix)", "%p%n"}, {"abc", "%*s%d"}, {"abc", "%*s %d"},
        {"abc", "abc%d"}, {"ab", "abc%d"}, {"abd", "abc%d"}, {"", "%c"},
        {"", "%[a]"}, {"", "%s"}, {" ", "%c"}, {" x", "%[ x]"},
        {"  12", "%3d"}, {"70000 300 123456789012", "%hd %hhd %lld"},
        {"+", "%i"}, {"x", "%i"}, {"1 2", "%d%*d%n"}, {"12", "%0d"},
        {"abc", "%1[abc]%n"}, {"abc", "%[^b]%n"}, {"ab", "%[^]b]%n"},
        {"z-a", "%[z-a]%n"}, {"key = value;", "%s = %[^;];%n"},
        {"12:34:56", "%d:%d:%d%n"}, {"a,b", "%c,%c%n"}, {"\t\n 7", "%d"},
        {"7", " %d "}, {"x", "%lc"}, {"hello world", "%ls %2ls%n"},
        {"abc", "%l[a-b]%n"}, {"42", "%hhn%d%hhn"}, {"42", "%d%jn%zn%tn"},
        {"1 2 3", "%d %*d %d%n"}, {"0777 0xff 12", "%o %x %u"},
        {"DEADbeef", "%X"}, {"0X1f", "%x"}, {"1", "%5c"}, {"  x", "%c%c%n"},
        {"abc", "%[abc"}, {"12", "%"}, {"12", "%y"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_scan(cases[i][0], cases[i][1]);
}

static const char *const float_table[][2] = {
    {"1e+x", "%lf%n"}, {"1e", "%lf%n"}, {"1ex", "%lf%n"}, {".", "%lf%n"},
    {"-.e", "%lf%n"}, {"infinity", "%lf%n"}, {"infinit", "%lf%n"},
    {"inx", "%lf%n"}, {"INF", "%lf%n"}, {"-Infinityx", "%lf%n"},
    {"nan(123)x", "%lf%n"}, {"0x1.8p1", "%lf%n"}, {"0x", "%lf%n"},
    {"0xp1", "%lf%n"}, {"0x.8", "%lf%n"}, {"0x1p", "%lf%n"},
    {"0X1.FFFFFFFFFFFFFP+1023", "%lf"}, {"0x1p-1075", "%lf"},
    {"0x1.00000000000008p0", "%lf"}, {"0x1.000000000000081p0", "%lf"},
    {"1e5", "%2lf%n"}, {"-", "%lf"}, {"0.1 0.1", "%f %lf%n"},
    {"1.00000005960464477539062500000001", "%f"},
    {"1.000000059604644775390625", "%f"}, {"3.4028235e38", "%f"},
    {"1e400", "%lf"}, {"-1e400", "%lf"}, {"1e-400", "%lf"}, {"-0", "%lf"},
    {"2.2250738585072011e-308", "%lf"}, {"4.9406564584124654e-324", "%lg"},
    {"2.4703282292062327e-324", "%le"}, {"2.4703282292062328e-324", "%la"},
    {"00000000000000000000001.5e-0000000003", "%lf%n"},
    {"1.5E+3", "%lE"}, {"1.5e99999999999999999999", "%lf"},
    {"1.5e-99999999999999999999", "%lf"}, {"  +.5e1x", "%lf%n"},
    {"12.5abc", "%lf%s"}, {"3.25 4.5", "%*lf %lf%n"}, {"1.5", "%3lf%n"},
    {"-1.5", "%3lf%n"}, {"0x1p3", "%3lf%n"}, {"1.0e", "%4lf%n"},
    {"0x1", "%2lf%n"}, {"0x1", "%3lf%n"}, {"-0x1", "%3lf%n"},
    {"0x", "%2lf%n"}, {"0x1p", "%4lf%n"}, {"0x.", "%lf%n"},
    {"0x.1", "%3lf%n"}, {"0x.1", "%lf%n"}, {"-0xq", "%lf%n"},
};

static void test_float_table(void)
{
    for (size_t i = 0; i < sizeof(float_table) / sizeof(float_table[0]); i++)
        check_scan(float_table[i][0], float_table[i][1]);

    /* A NaN has no single bit pattern; only its presence is compared. */
    double d = 0;
    int n = 0;
    CHECK(kl_sscanf("nan(12", "%lf%n", &d, &n) == 1 && isnan(d) && n == 3);
    CHECK(kl_sscanf("-NaN", "%lf", &d) == 1 && isnan(d));

    /* long double is read at double precision (documented): it must equal
     * the double the same text reads as. */
    long double ld = 0;
    CHECK(kl_sscanf("0.1", "%Lf", &ld) == 1 && ld == (long double)0.1);
    CHECK(kl_sscanf("-2.5e3", "%Lg", &ld) == 1 && ld == -2500.0L);
}

/* Random text made of the pieces integer fields are made of, tried with a
 * spread of integer formats. */
static void test_integer_fuzz(void)
{
    static const char *const pieces[] = {"", " ", "\t", "+", "-", "0", "0x",
                                         "0X", "1", "7", "8", "9", "a", "F",
                                         "g", "z", "123456789", "ffff",
                                         "77777777777", "99999999999"};
    static const char *const lens[] = {"hh", "h", "", "l", "ll", "j", "z",
                                       "t"};
    static const char convs[] = "diuoxX";
    char input[128], fmt[64];
    for (int round = 0; round < 4000; round++) {
        input[0] = '\0';
        for (unsigned k = rnd(6) + 1; k; k--)
            strcat(input, pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))]);
        char width[8] = "";
        if (rnd(2))
            snprintf(width, sizeof(width), "%u", rnd(6) + 1);
        snprintf(fmt, sizeof(fmt), "%s%%%s%s%c%%n%%2s",
                 rnd(4) ? "" : "*", width, lens[rnd(8)], convs[rnd(6)]);
        /* The '*' went in front of the format: move it after the '%'. */
        if (fmt[0] == '*') {
            fmt[0] = '%';
            fmt[1] = '*';
        }
        check_scan(input, fmt);
    }
}

/* Strings, characters and scansets over a small alphabet. */
static void test_string_fuzz(void)
{
    static const char alphabet[] = "ab-]^ \t\nxyz";
    static const char *const fmts[] = {
        "%s%n", "%3s%n", "%*s%n%s", "%c%n", "%3c%n", "%*c%c", " %c%n",
        "%[abc]%n", "%[^abc]%n", "%2[a-z]%n", "%[]a]%n", "%[^]]%n",
        "%[a-]%n", "%[z-a]%n", "%[^-]%n", "%[ab]%[^ab]%n", "a%[b]%n",
        "%s %s%n", "%5[^\n]%n", "%*[a-c]%n%c",
    };
    char input[32];
    for (int round = 0; round < 4000; round++) {
        size_t len = rnd(12);
        for (size_t i = 0; i < len; i++)
            input[i] = alphabet[rnd(sizeof(alphabet) - 1)];
        input[len] = '\0';
        check_scan(input, fmts[rnd(sizeof(fmts) / sizeof(fmts[0]))]);
    }
}

static double random_double_bits(void)
{
    uint64_t bits = rng64();
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
}

/* Doubles printed every which way must read back exactly as glibc reads
 * them, and long random decimals check the digit truncation. */
static void test_float_fuzz(void)
{
    static const char *const prints[] = {"%.17g", "%a", "%.3e", "%.25f",
                                         "%g", "%.0f", "%A", "%.9g"};
    static const char *const scans[] = {"%lf%n", "%le%n", "%lg%n", "%la%n",
                                        "%f%n", "%lE%n", "%8lf%n", "%3lf%n",
                                        "%*f%n", "%F%n"};
    char text[1400], fmt[16];
    for (int round = 0; round < 4000; round++) {
        double d = random_double_bits();
        if (isnan(d))
            d = round; /* NaN payloads need not survive a round trip */
        snprintf(text, sizeof(text), prints[rnd(8)], d);
        check_scan(text, scans[rnd(10)]);
    }
    for (int round = 0; round < 500; round++) {
        /* Up to 1000 significant digits, some exactly at a tie. */
        size_t len = 0;
        if (rnd(2))
            text[len++] = '-';
        size_t int_digits = rnd(30), frac_digits = rnd(1000);
        for (size_t i = 0; i < int_digits; i++)
            text[len++] = (char)('0' + rnd(10));
        text[len++] = '.';
        for (size_t i = 0; i < frac_digits; i++)
            text[len++] = (char)('0' + (rnd(4) ? rnd(10) : 0));
        snprintf(text + len, sizeof(text) - len, "e%d", (int)rnd(700) - 350);
        snprintf(fmt, sizeof(fmt), "%s%%n", rnd(2) ? "%lf" : "%f");
        check_scan(text, fmt);
    }
    /* The exact midpoint between 1 and the next double, followed by a long
     * run of zeros and then a non-zero digit far beyond any kept digit. */
    char mid[1200] = "1.00000000000000011102230246251565404236316680908203125";
    size_t len = strlen(mid);
    memset(mid + len, '0', 1000);
    mid[len + 1000] = '\0';
    check_scan(mid, "%lf%n");
    mid[len + 999] = '1';
    check_scan(mid, "%lf%n");
}

/* The reader interface used by stdio: push-back is only ever the character
 * just read, one at a time, and the input after the scan is exactly what was
 * not consumed. */
struct test_reader {
    const char *s;
    size_t pos;
    int last;        /* what getc last returned, or -2 after an ungetc */
    int bad_ungets;
};

static int test_getc(void *ctx)
{
    struct test_reader *r = ctx;
    r->last = r->s[r->pos] ? (unsigned char)r->s[r->pos++] : -1;
    return r->last;
}

static void test_ungetc(int c, void *ctx)
{
    struct test_reader *r = ctx;
    if (c != r->last || c == -1)
        r->bad_ungets++;
    else
        r->pos--;
    r->last = -2;
}

static int reader_scan(struct test_reader *r, const char *fmt, ...)
{
    struct format_reader reader = {test_getc, test_ungetc, r};
    va_list ap;
    va_start(ap, fmt);
    int n = kl_format_vscan_reader(&reader, fmt, ap);
    va_end(ap);
    return n;
}

static int v_scan(int (*fn)(const char *, const char *, va_list),
                  const char *in, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = fn(in, fmt, ap);
    va_end(ap);
    return n;
}

static void test_reader(void)
{
    static const char *const inputs[] = {
        "123abc", "  -0x1fz", "1e+x", "0x", "abc def", "infinit", "1.5e3 ",
        "%%x", "12 34", "ab]cd",
    };
    static const char *const fmts[] = {"%d", "%i", "%lf", "%x", "%s",
                                       "%lf", "%lf", "%%", "%d", "%[a-c]"};
    for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        struct test_reader r = {inputs[i], 0, -2, 0};
        unsigned char out[64];
        int consumed = -1;
        char fmt[16];
        snprintf(fmt, sizeof(fmt), "%s%%n", fmts[i]);
        int n = reader_scan(&r, fmt, out, &consumed);
        CHECK(r.bad_ungets == 0);
        /* sscanf's %n says how far the string scan got; the reader must have
         * been left at the same place. */
        int want_n = -1;
        unsigned char want[64];
        int wn = sscanf(inputs[i], fmt, want, &want_n);
        CHECK(n == wn);
        if (wn >= 1 || want_n >= 0)
            CHECK(consumed == want_n && r.pos == (size_t)want_n);
    }
    int a = 0, b = 0;
    CHECK(v_scan(kl_vsscanf, "5 6", "%d %d", &a, &b) == 2 && a == 5 && b == 6);
    CHECK(v_scan(kl_format_vscan, "7,8", "%d,%d", &a, &b) == 2 && a == 7 &&
          b == 8);
}

int main(void)
{
    test_table();
    test_float_table();
    test_integer_fuzz();
    test_string_fuzz();
    test_float_fuzz();
    test_reader();
    return host_test_finish("test_scan");
}
