/* Formatting as the kernel builds it (FORMAT_NO_FLOAT, no libgcc): snprintf
 * and printk, which every diagnostic and panic message depends on. The
 * expected strings are what C requires of printf. */
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include <format.h>
#include <stdint.h>
#include <string.h>

/* The kernel has no <limits.h>; the compiler's own macros give the same. */
#define INT_MAX     __INT_MAX__
#define INT_MIN     (-INT_MAX - 1)
#define UINT_MAX    (INT_MAX * 2u + 1u)
#define LONG_MIN    (-__LONG_MAX__ - 1L)
#define ULONG_MAX   (__LONG_MAX__ * 2ul + 1ul)
#define LLONG_MAX   __LONG_LONG_MAX__
#define LLONG_MIN   (-LLONG_MAX - 1LL)
#define ULLONG_MAX  (LLONG_MAX * 2ull + 1ull)

static char out[128];

/* Formats into `out` and compares text and return value; reports the format
 * on a mismatch so a failure is readable without a debugger. */
__attribute__((format(printf, 4, 5)))
static void expect(struct ktest_ctx *t, int line, const char *want, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    memset(out, '#', sizeof(out));
    int n = vsnprintf(out, sizeof(out), fmt, ap);
    va_end(ap);
    if (n != (int)strlen(want) || strcmp(out, want) != 0)
        ktest_fail(t, __FILE__, line, "format \"%s\": got %d \"%s\", want %d \"%s\"", fmt, n, out,
                   (int)strlen(want), want);
}
#define EXPECT(want, ...) expect(t, __LINE__, want, __VA_ARGS__)

KTEST(format, integers)
{
    EXPECT("0 -1 2147483647 -2147483648", "%d %i %d %d", 0, -1, INT_MAX, INT_MIN);
    EXPECT("4294967295 37777777777 ffffffff FFFFFFFF", "%u %o %x %X", UINT_MAX, UINT_MAX, UINT_MAX, UINT_MAX);
    EXPECT("-9223372036854775808 9223372036854775807", "%lld %lld", LLONG_MIN, LLONG_MAX);
    EXPECT("18446744073709551615 ffffffffffffffff", "%llu %llx", ULLONG_MAX, ULLONG_MAX);
    EXPECT("1234567890123 11f71fb04cb", "%llu %llx", 1234567890123ull, 1234567890123ull);
    EXPECT("4294967296 10000000000", "%llu %llo", 1ull << 32, 1ull << 30);
    EXPECT("-2147483648 4294967295", "%ld %lu", LONG_MIN, ULONG_MAX);
    EXPECT("4294967295 -1", "%zu %zd", SIZE_MAX, (ptrdiff_t)-1);
    EXPECT("-128 255 -32768 65535", "%hhd %hhu %hd %hu", -128, 255, -32768, 65535);
    EXPECT("44 4", "%hhu %hhu", 300, 260);          /* converted to unsigned char */
    EXPECT("-1 18446744073709551615", "%jd %ju", (intmax_t)-1, UINTMAX_MAX);
}

KTEST(format, flags_width_precision)
{
    EXPECT("[   42][42   ][00042]", "[%5d][%-5d][%05d]", 42, 42, 42);
    EXPECT("[+42][ 42][-42][+0]", "[%+d][% d][%+d][%+d]", 42, 42, -42, 0);
    EXPECT("[-0042][  -42]", "[%05d][%5d]", -42, -42);
    EXPECT("[00042][  00042]", "[%.5d][%7.5d]", 42, 42);
    EXPECT("[][][   ]", "[%.0d][%.0x][%3.0u]", 0, 0u, 0u);   /* zero with precision 0: no digits */
    EXPECT("[0x1f][0X1F][017][0]", "[%#x][%#X][%#o][%#x]", 31u, 31u, 15u, 0u);
    EXPECT("[0x0001f][   0x1f]", "[%#07x][%#7x]", 31u, 31u);
    EXPECT("[  7][7  ][42]", "[%*d][%-*d][%.*d]", 3, 7, -3, 7, -1, 42);
    EXPECT("[00ff]", "[%04x]", 0xffu);
    EXPECT("[c0100000]", "[%08lx]", 0xC0100000ul);
    EXPECT("[0000000000001000]", "[%016llx]", 0x1000ull);
}

KTEST(format, strings_chars_pointers)
{
    EXPECT("[kestrel][  abc][abc  ][ke]", "[%s][%5s][%-5s][%.2s]", "kestrel", "abc", "abc", "kestrel");
    EXPECT("[x][  y][%]", "[%c][%3c][%%]", 'x', 'y');
    /* Through a volatile so the compiler cannot see (and reject) the null. */
    static const char *volatile null_str = NULL;
    EXPECT("[(null)]", "[%s]", null_str);
    EXPECT("[0xc0100000][(nil)]", "[%p][%p]", (void *)0xC0100000, (void *)NULL);
    const char unterminated[3] = {'a', 'b', 'c'};   /* precision bounds the read */
    EXPECT("ab", "%.2s", unterminated);
    int n = -1;
    EXPECT("12345", "123%n45", &n);
    KT_CHECK_EQ(t, n, 3);
}

KTEST(format, bounded_buffer)
{
    char small[8];
    memset(small, '#', sizeof(small));
    /* Truncated but terminated; the return value is the full length. */
    KT_CHECK_EQ(t, snprintf(small, sizeof(small), "%s-%d", "kestrel", 2026), 12);
    KT_CHECK_EQ(t, strcmp(small, "kestrel"), 0);
    KT_CHECK_EQ(t, snprintf(NULL, 0, "%08x", 1u), 8);
    memset(small, '#', sizeof(small));
    KT_CHECK_EQ(t, snprintf(small, 1, "abc"), 3);
    KT_CHECK_EQ(t, small[0], 0);
    KT_CHECK_EQ(t, small[1], '#');
    KT_CHECK_EQ(t, snprintf(small, 0, "abc"), 3);
    KT_CHECK_EQ(t, small[0], 0);
    char big[32];
    KT_CHECK_EQ(t, sprintf(big, "%s=%u", "frames", 64851u), 12);
    KT_CHECK_EQ(t, strcmp(big, "frames=64851"), 0);
}

/* The kernel has no floating point: %f and friends are copied through
 * verbatim and must not eat an argument (or the FPU would be touched). The
 * format is not a literal so the compiler does not insist on a double. */
KTEST(format, no_float_in_kernel)
{
    static const char *volatile fmt = "[%f][%.2e][%g] %d";
    char buf[64];
    int n = snprintf(buf, sizeof(buf), fmt, 42);
    KT_CHECK_EQ(t, strcmp(buf, "[%f][%.2e][%g] 42"), 0);
    KT_CHECK_EQ(t, n, (int)strlen("[%f][%.2e][%g] 42"));
}

KTEST(format, printk_reaches_the_log)
{
    /* klog_read hands out the oldest bytes first, so the whole ring is read
     * to find the newest line; the buffer matches the ring's size. */
    static char ring[65536];
    int n = printk("# format: printk %s %d %llx %zu\n", "check", -7, 0xDEADBEEFCAFEull, (size_t)99);
    const char *want = "# format: printk check -7 deadbeefcafe 99\n";
    size_t wlen = strlen(want);
    KT_CHECK_EQ(t, n, (int)wlen);
    size_t len = klog_read(ring, sizeof(ring));
    KT_ASSERT(t, len >= wlen);
    KT_CHECK(t, memcmp(ring + len - wlen, want, wlen) == 0);
}
