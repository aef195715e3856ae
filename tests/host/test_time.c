/* Calendar conversion and formatting against glibc running with TZ=UTC:
 * gmtime/localtime over random times (negative ones, 2038 and far beyond
 * included), timegm/mktime normalization of out-of-range fields, every
 * strftime conversion, asctime/ctime and difftime. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host_test.h"

/* libc's struct tm has glibc's layout and its time_t is 64-bit, so the
 * host's types can be passed straight through. */
struct tm *kl_gmtime_r(const time_t *, struct tm *);
struct tm *kl_gmtime(const time_t *);
struct tm *kl_localtime_r(const time_t *, struct tm *);
struct tm *kl_localtime(const time_t *);
time_t kl_timegm(struct tm *);
time_t kl_mktime(struct tm *);
double kl_difftime(time_t, time_t);
size_t kl_strftime(char *, size_t, const char *, const struct tm *);
char *kl_asctime_r(const struct tm *, char *);
char *kl_asctime(const struct tm *);
char *kl_ctime_r(const time_t *, char *);
char *kl_ctime(const time_t *);
extern char *kl_tzname[2];

_Static_assert(sizeof(time_t) == 8, "host time_t must be 64-bit");

static uint64_t rng_state = 0xfeedfacecafebeefull;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static int64_t random_between(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(next_random() % (uint64_t)(hi - lo + 1));
}

/* Times spread over several scales: around now, the 32-bit range and its
 * 2038 edge, thousands of years either way, and the int-year limits. */
static time_t random_time(void)
{
    switch (next_random() % 6) {
    case 0:
        return random_between(-4000000000LL, 4000000000LL);
    case 1:
        return (time_t)INT32_MAX + random_between(-100000, 100000);
    case 2:
        return random_between(-(1LL << 38), 1LL << 38);
    case 3:
        return random_between(-(1LL << 45), 1LL << 45);
    case 4:
        return random_between(-67768040609740800LL, 67768036191676799LL);
    default:
        return (time_t)(next_random() % 86400) - 43200 +
               random_between(-40000, 40000) * 86400;
    }
}

static int same_tm(const struct tm *a, const struct tm *b)
{
    return a->tm_sec == b->tm_sec && a->tm_min == b->tm_min &&
           a->tm_hour == b->tm_hour && a->tm_mday == b->tm_mday &&
           a->tm_mon == b->tm_mon && a->tm_year == b->tm_year &&
           a->tm_wday == b->tm_wday && a->tm_yday == b->tm_yday &&
           a->tm_isdst == b->tm_isdst && a->tm_gmtoff == b->tm_gmtoff &&
           a->tm_zone && b->tm_zone && strcmp(a->tm_zone, b->tm_zone) == 0;
}

static int compare_breakdown(time_t t)
{
    struct tm want, got;
    errno = 0;
    struct tm *w = gmtime_r(&t, &want);
    int want_errno = errno;
    errno = 0;
    struct tm *g = kl_gmtime_r(&t, &got);
    int ok = (w == NULL) == (g == NULL) && errno == want_errno;
    if (w && g)
        ok &= g == &got && same_tm(&want, &got);

    errno = 0;
    w = localtime_r(&t, &want);
    want_errno = errno;
    errno = 0;
    g = kl_localtime_r(&t, &got);
    ok &= (w == NULL) == (g == NULL) && errno == want_errno;
    if (w && g)
        ok &= same_tm(&want, &got);
    if (!ok)
        fprintf(stderr, "  breakdown of %lld differs\n", (long long)t);
    return ok;
}

static void test_breakdown(void)
{
    static const time_t fixed[] = {
        0, -1, 1, 86399, 86400, -86400, -86401, INT32_MAX, (time_t)INT32_MAX + 1,
        INT32_MIN, (time_t)INT32_MIN - 1, 951782400 /* 2000-02-29 */,
        951868800, 4107542400 /* 2100-03-01 */, -2208988800 /* 1900 */,
        -62167219200 /* year 0 */, -62167219201, -62135596800 /* year 1 */,
        67768036191676799LL /* last second of year INT_MAX */,
        67768036191676800LL, -67768040609740800LL /* first of INT_MIN */,
        -67768040609740801LL, INT64_MAX, INT64_MIN, INT64_MIN + 1,
    };
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        CHECK(compare_breakdown(fixed[i]));

    int failures = 0;
    for (int i = 0; i < 300000; i++)
        failures += !compare_breakdown(random_time());
    /* Every day of a few thousand consecutive years, at a random second. */
    for (int64_t day = -800000; day < 800000; day++)
        failures += !compare_breakdown(day * 86400 +
                                       (time_t)(next_random() % 86400));
    CHECK(failures == 0);

    time_t t = 1234567890;
    struct tm *a = kl_gmtime(&t);
    CHECK(a && a->tm_year == 109 && a->tm_mon == 1 && a->tm_mday == 13 &&
          a->tm_hour == 23 && a->tm_min == 31 && a->tm_sec == 30 &&
          a->tm_wday == 5 && strcmp(a->tm_zone, "GMT") == 0);
    struct tm *b = kl_localtime(&t);
    CHECK(b && b->tm_hour == 23 && strcmp(b->tm_zone, "UTC") == 0);
    CHECK(strcmp(kl_tzname[0], "UTC") == 0);
}

/* Out-of-range fields are normalized exactly as glibc does it. */
static int compare_normalize(const struct tm *in)
{
    struct tm want = *in, got = *in;
    errno = 0;
    time_t w = timegm(&want);
    int want_errno = errno;
    errno = 0;
    time_t g = kl_timegm(&got);
    int ok = w == g && errno == want_errno;
    if (w != -1 || want_errno == 0)
        ok &= same_tm(&want, &got);

    struct tm want_local = *in, got_local = *in;
    ok &= mktime(&want_local) == kl_mktime(&got_local);
    if (w != -1 || want_errno == 0)
        ok &= same_tm(&want_local, &got_local);
    if (!ok)
        fprintf(stderr, "  normalizing %d-%d-%d %d:%d:%d differs\n",
                in->tm_year, in->tm_mon, in->tm_mday, in->tm_hour, in->tm_min,
                in->tm_sec);
    return ok;
}

static void test_normalize(void)
{
    int failures = 0;
    for (int i = 0; i < 200000; i++) {
        struct tm tm = { 0 };
        int wild = i % 4 == 0;
        tm.tm_year = (int)random_between(wild ? -30000 : -2000,
                                         wild ? 30000 : 2500);
        tm.tm_mon = (int)random_between(wild ? -400 : 0, wild ? 400 : 11);
        tm.tm_mday = (int)random_between(wild ? -1000 : 1, wild ? 1000 : 31);
        tm.tm_hour = (int)random_between(wild ? -100 : 0, wild ? 100 : 23);
        tm.tm_min = (int)random_between(wild ? -5000 : 0, wild ? 5000 : 59);
        tm.tm_sec = (int)random_between(wild ? -100000 : 0, wild ? 100000 : 60);
        tm.tm_wday = (int)random_between(-5, 10); /* ignored on input */
        tm.tm_yday = (int)random_between(-5, 400);
        tm.tm_isdst = i % 3 == 0 ? -1 : 0;
        failures += !compare_normalize(&tm);
    }
    /* Int extremes: a year that overflows after carrying months, and the
     * largest fields that still work. */
    struct tm edge = { .tm_year = INT32_MAX, .tm_mon = 11,
                       .tm_mday = 31, .tm_hour = 23, .tm_min = 59,
                       .tm_sec = 59 };
    failures += !compare_normalize(&edge);
    edge.tm_sec = 60;
    errno = 0;
    struct tm before = edge;
    CHECK(kl_timegm(&edge) == -1 && errno == EOVERFLOW);
    CHECK(memcmp(&before, &edge, sizeof(edge)) == 0);
    struct tm big = { .tm_year = 70, .tm_mday = INT32_MAX,
                      .tm_hour = INT32_MAX, .tm_min = INT32_MAX,
                      .tm_sec = INT32_MAX, .tm_mon = INT32_MAX };
    failures += !compare_normalize(&big);
    struct tm small = { .tm_year = 70, .tm_mday = INT32_MIN,
                        .tm_hour = INT32_MIN, .tm_min = INT32_MIN,
                        .tm_sec = INT32_MIN, .tm_mon = INT32_MIN };
    failures += !compare_normalize(&small);
    CHECK(failures == 0);

    /* Round trip through the breakdown. */
    failures = 0;
    for (int i = 0; i < 100000; i++) {
        time_t t = random_time(), back;
        struct tm tm;
        if (!kl_gmtime_r(&t, &tm))
            continue;
        back = kl_timegm(&tm);
        failures += back != t;
    }
    CHECK(failures == 0);
}

/* ---- Formatting ---- */

static const char *const conversions[] = {
    "%a", "%A", "%b", "%B", "%c", "%C", "%d", "%D", "%e", "%F", "%g", "%G",
    "%h", "%H", "%I", "%j", "%m", "%M", "%n", "%p", "%r", "%R", "%s", "%S",
    "%t", "%T", "%u", "%U", "%V", "%w", "%W", "%x", "%X", "%y", "%Y", "%z",
    "%Z", "%%", "%Ec", "%Oy", "%Q", "%", "plain text", "x%Ey%",
    "[%Y-%m-%dT%H:%M:%S%z %A %j %U %W %V %G]",
};

static int compare_format(const char *f, const struct tm *tm)
{
    char want[256], got[256];
    memset(got, 0x55, sizeof(got));
    size_t wn = strftime(want, sizeof(want), f, tm);
    size_t gn = kl_strftime(got, sizeof(got), f, tm);
    int ok = wn == gn && (wn == 0 || strcmp(want, got) == 0);
    if (!ok)
        fprintf(stderr, "  strftime(\"%s\") gave \"%s\", want \"%s\"\n", f,
                gn ? got : "", wn ? want : "");
    return ok;
}

static int compare_all_formats(const struct tm *tm)
{
    int ok = 1;
    for (size_t i = 0; i < sizeof(conversions) / sizeof(conversions[0]); i++)
        ok &= compare_format(conversions[i], tm);
    return ok;
}

static void test_strftime(void)
{
    int failures = 0;
    for (int i = 0; i < 30000; i++) {
        time_t t = random_time();
        struct tm tm;
        if (!gmtime_r(&t, &tm))
            continue;
        if (i % 2)
            localtime_r(&t, &tm);
        tm.tm_gmtoff = i % 3 ? 0 : (long)random_between(-50000, 50000);
        failures += !compare_all_formats(&tm);
    }
    /* ISO weeks around every new year of four centuries. */
    for (int64_t year = 1900; year < 2300; year++) {
        for (int d = -7; d < 7; d++) {
            struct tm tm = { .tm_year = (int)(year - 1900), .tm_mday = 1 + d };
            time_t t = timegm(&tm);
            gmtime_r(&t, &tm);
            failures += !compare_all_formats(&tm);
        }
    }
    CHECK(failures == 0);

    /* Fields outside their ranges. */
    struct tm odd = { .tm_sec = 75, .tm_min = -3, .tm_hour = -3,
                      .tm_mday = -5, .tm_mon = 13, .tm_year = 70,
                      .tm_wday = 9, .tm_yday = 400, .tm_zone = NULL };
    static const char *const odd_formats[] = {
        "%a", "%A", "%b", "%B", "%d", "%e", "%H", "%I", "%j", "%m", "%M",
        "%p", "%S", "%s", "%u", "%w", "%Y", "%Z",
    };
    for (size_t i = 0; i < sizeof(odd_formats) / sizeof(odd_formats[0]); i++)
        CHECK(compare_format(odd_formats[i], &odd));

    /* The result must fit with its terminator, or the call returns 0. */
    time_t t = 0;
    struct tm epoch;
    kl_gmtime_r(&t, &epoch);
    char buf[16];
    CHECK(kl_strftime(buf, 9, "%Y%m%d", &epoch) == 8 &&
          strcmp(buf, "19700101") == 0);
    CHECK(kl_strftime(buf, 8, "%Y%m%d", &epoch) == 0);
    CHECK(kl_strftime(buf, 0, "%Y", &epoch) == 0);
    CHECK(kl_strftime(buf, sizeof(buf), "", &epoch) == 0 && buf[0] == '\0');
}

static void test_asctime(void)
{
    int failures = 0;
    for (int i = 0; i < 50000; i++) {
        time_t t = random_between(-70000000000LL, 250000000000LL);
        struct tm tm;
        gmtime_r(&t, &tm);
        char want[64], got[64];
        errno = 0;
        char *w = asctime_r(&tm, want);
        int want_errno = errno;
        errno = 0;
        char *g = kl_asctime_r(&tm, got);
        int ok = (w == NULL) == (g == NULL) && errno == want_errno;
        if (w && g)
            ok &= g == got && strcmp(want, got) == 0;
        w = ctime_r(&t, want);
        g = kl_ctime_r(&t, got);
        ok &= (w == NULL) == (g == NULL);
        if (w && g)
            ok &= strcmp(want, got) == 0;
        failures += !ok;
    }
    CHECK(failures == 0);

    time_t t = 0;
    CHECK(strcmp(kl_ctime(&t), "Thu Jan  1 00:00:00 1970\n") == 0);
    /* Out-of-range names; a negative day still fits, a minute more not. */
    struct tm odd = { .tm_wday = 7, .tm_mon = -1, .tm_mday = -5,
                      .tm_hour = 3, .tm_year = 99 };
    char want[64], *w = asctime_r(&odd, want), *g = kl_asctime(&odd);
    CHECK(w && g && strcmp(g, w) == 0);
    odd.tm_min = -1;
    CHECK(asctime_r(&odd, want) == NULL && kl_asctime(&odd) == NULL);
    /* Year 10000 needs 27 bytes. */
    struct tm far = { .tm_year = 10000 - 1900, .tm_mday = 1 };
    errno = 0;
    CHECK(kl_asctime(&far) == NULL && errno == EOVERFLOW);
}

static void test_difftime(void)
{
    CHECK(kl_difftime(10, 3) == 7.0);
    CHECK(kl_difftime(3, 10) == -7.0);
    CHECK(kl_difftime(INT64_MAX, INT64_MIN) == 18446744073709551615.0);
    CHECK(kl_difftime(INT64_MIN, INT64_MAX) == -18446744073709551615.0);
    for (int i = 0; i < 10000; i++) {
        time_t a = random_time(), b = random_time();
        CHECK(kl_difftime(a, b) == difftime(a, b));
    }
}

int main(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
    test_breakdown();
    test_normalize();
    test_strftime();
    test_asctime();
    test_difftime();
    return host_test_finish("time");
}
