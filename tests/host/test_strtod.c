/* strtod/strtof against the host C library, which rounds correctly: every
 * result must match bit for bit, together with the end pointer and errno.
 * Inputs are random decimal strings (fixed seed), exact halfway points
 * between neighbouring values and their near misses, very long mantissas,
 * hexadecimal floats and a list of known hard cases. */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_test.h"

double kl_strtod(const char *, char **);
float kl_strtof(const char *, char **);
long double kl_strtold(const char *, char **);
double kl_atof(const char *);

static uint64_t rng_state = 0x243f6a8885a308d3ull;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned random_below(unsigned n)
{
    return (unsigned)(next_random() % n);
}

static int mismatches_shown;

static void report(const char *what, const char *input)
{
    if (mismatches_shown++ < 20)
        fprintf(stderr, "  %s mismatch for \"%.120s%s\"\n", what, input,
                strlen(input) > 120 ? "..." : "");
}

/* NaNs compare by kind and sign only: payloads are not specified. */
static int same_double(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) && !signbit(a) == !signbit(b);
    return memcmp(&a, &b, sizeof(a)) == 0;
}

static int same_float(float a, float b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b) && !signbit(a) == !signbit(b);
    return memcmp(&a, &b, sizeof(a)) == 0;
}

/* Checks strtod and strtof on one input; returns 1 when both agree. */
static int compare_one(const char *s)
{
    char *end_host, *end_mine;
    int ok = 1;

    errno = 0;
    double want = strtod(s, &end_host);
    int errno_host = errno;
    errno = 0;
    double got = kl_strtod(s, &end_mine);
    int errno_mine = errno;
    if (!same_double(want, got)) {
        report("strtod value", s);
        ok = 0;
    }
    if (end_host != end_mine) {
        report("strtod end", s);
        ok = 0;
    }
    if (errno_host != errno_mine) {
        report("strtod errno", s);
        ok = 0;
    }

    errno = 0;
    float wantf = strtof(s, &end_host);
    errno_host = errno;
    errno = 0;
    float gotf = kl_strtof(s, &end_mine);
    errno_mine = errno;
    if (!same_float(wantf, gotf)) {
        report("strtof value", s);
        ok = 0;
    }
    if (end_host != end_mine) {
        report("strtof end", s);
        ok = 0;
    }
    if (errno_host != errno_mine) {
        report("strtof errno", s);
        ok = 0;
    }
    return ok;
}

/* Runs a batch and counts it as one check per input. */
#define CHECK_INPUT(s) CHECK(compare_one(s))

static const char *const hard_cases[] = {
    /* Syntax and end pointer rules. */
    "", "   ", "-", "+", ".", "+.", "-.e1", "e5", "1e", "1e+", "1e-x", "1e+5x",
    "1.", ".5", "5.e3", "  \t\n-12.5e-1zz", "0x", "0X", "0x.", "0xp3", "0x.p1",
    "0x1p", "0x1p+", "0x1.8p1", "-0x.8", "0x1P-2x", "0xg", "00x1", "+-1",
    "inf", "INF", "-Infinity", "infinit", "infx", "in", "nan", "NaN", "-nan",
    "nan(123)", "nan(", "nan()", "nan(abc_1)x", "nan(a b)", "0", "-0",
    "-0.0e99999999999", "0e-99999999999", "1e99999999999999999999",
    "1e-99999999999999999999", "000000000000000000000000000000001",
    "0.000000000000000000000000000000001e33",
    /* Classic hard decimal cases. */
    "2.2250738585072011e-308", "2.2250738585072012e-308",
    "2.2250738585072014e-308", "2.225073858507201136057409796709131975934"
    "8195e-308", "4.9406564584124654e-324", "2.4703282292062327e-324",
    "2.4703282292062328e-324", "2.4703282292062327208828439643411068618252"
    "990130716238221279284125033775363510437593264991818081799618989828234"
    "772285886546332835517796989819938739800539093906315035659515570226392"
    "290858392449105184435931802849936536152500319370457678249219365623669"
    "863658480757001585769269903706311928279558551332927834338409351978015"
    "531246597263579574622766465272827220056374006485499977096599470454020"
    "828166226237857393450736339007967761930577506740176324673600968951340"
    "535537458516661134223766678604162159680461914467291840300530057530849"
    "048765391711386591646239524912623653881879636239373280423891018672348"
    "497668235089863388587925628302755995657524455507255189313690836254779"
    "186948667994968324049705821028513185451396213837722826145437693412532"
    "098591327667236328125e-324",
    "1e23", "8.533e+68", "4.1006e-184", "9.998e+307", "9.9538452227e-280",
    "6.47660115e-260", "7.4e+47", "5.92e+48", "7.35e+66", "8.32116e+55",
    "9007199254740993", "9007199254740992.5", "9007199254740993.0000000001",
    "179769313486231570814527423731704356798070567525844996598917476803157"
    "260780028538760589558632766878171540458953514382464234321326889464182"
    "768467546703537516986049910576551282076245490090389328944075868508455"
    "133942304583236903222948165808559332123348274797826204144723168738177"
    "180919299881250404026184124858368",
    "1.7976931348623157e308", "1.7976931348623158e308",
    "1.7976931348623159e308", "1.797693134862315807e308",
    "1.79769313486231580793728971405301e+308", "1.8e308", "-1.8e308",
    "3.4028235677973366e38", "3.4028234663852886e38", "3.40282357e38",
    "1.17549435e-38", "1.1754942e-38", "1.40129846e-45", "7.00649232e-46",
    "7.0064924e-46", "0.1", "0.2", "0.3", "123456789012345678901234567890",
    "0.000001", "1e-7", "1e22", "1e-22", "4503599627370496.5",
    "4503599627370497.5", "1.00000005960464477539062500000000001",
    "1.000000059604644775390625", "1.00000005960464477539062499999",
    /* Hexadecimal rounding, subnormals, overflow and long digit strings. */
    "0x1p-1074", "0x1.8p-1074", "0x1p-1075", "0x1.0000000000001p-1075",
    "0x1p-1022", "0x1.fffffffffffff8p-1023", "0x1.fffffffffffffp-1023",
    "0x1.fffffffffffff7ffffffffffffffffp-1023", "0x1.fffffffffffffp1023",
    "0x1.fffffffffffff8p1023", "0x1.fffffffffffff7ffffffffffffp1023",
    "0x1p1024", "0x.00000000000000000000000000001p-900",
    "0x123456789abcdef0123456789abcdefp0", "0x1.000000000000080000000001p0",
    "0x1.00000000000008p0", "0x1.00000000000018p0", "0x1.ffffffp-127",
    "0x1.fffffep-127", "0x1p-150", "0x1.000002p-150", "0x1p-149",
};

/* A random decimal number: sign, digits with an optional point, optional
 * exponent. Lengths and exponents are drawn to cover ordinary values, the
 * extremes of the range and long mantissas. */
static void random_decimal(char *buf, size_t size)
{
    size_t n = 0;
    unsigned shape = random_below(10);
    unsigned digits = shape < 6 ? 1 + random_below(20)
                      : shape < 9 ? 1 + random_below(60)
                                  : 1 + random_below(900);
    if (random_below(4) == 0)
        buf[n++] = random_below(2) ? '-' : '+';
    unsigned point = random_below(digits + 2);
    for (unsigned i = 0; i < digits && n < size - 16; i++) {
        if (i == point)
            buf[n++] = '.';
        /* Runs of zeros and nines make carries and ties more likely. */
        unsigned kind = random_below(8);
        buf[n++] = kind == 0 ? '0' : kind == 1 ? '9' : '0' + random_below(10);
    }
    if (random_below(4) != 0) {
        int exp_range = random_below(3) == 0 ? 700 : 80;
        int e = (int)random_below(2 * exp_range + 1) - exp_range;
        if (random_below(3) == 0)
            e += random_below(2) ? 300 : -300;
        n += (size_t)snprintf(buf + n, size - n, "e%d", e);
    }
    buf[n] = '\0';
}

static double random_double(void)
{
    uint64_t bits;
    do {
        bits = next_random() & 0x7fffffffffffffffull;
        if (random_below(8) == 0)
            bits &= 0x000fffffffffffffull; /* subnormal */
        else if (random_below(8) == 0)
            bits |= 0x7fe0000000000000ull; /* near the top */
    } while (bits >= 0x7ff0000000000000ull);
    double d;
    memcpy(&d, &bits, sizeof(d));
    return d;
}

/* Exact decimal expansions of the midpoint between x and the next larger
 * value, plus inputs just above and just below it. */
static int check_midpoints(long double lo, long double hi)
{
    static char exact[1300], variant[1300];
    long double mid = lo + (hi - lo) / 2;
    snprintf(exact, sizeof(exact), "%.1100Le", mid);
    int ok = compare_one(exact);

    /* Just above: a 1 far beyond the last non-zero digit. */
    char *e = strchr(exact, 'e');
    size_t mantissa_len = (size_t)(e - exact);
    memcpy(variant, exact, mantissa_len);
    variant[mantissa_len - 1] = '1';
    strcpy(variant + mantissa_len, e);
    ok &= compare_one(variant);

    /* Just below: the expansion cut short after a random number of digits. */
    size_t cut = 18 + random_below((unsigned)mantissa_len - 18);
    memcpy(variant, exact, cut);
    strcpy(variant + cut, e);
    ok &= compare_one(variant);
    return ok;
}

static void test_hard_cases(void)
{
    for (size_t i = 0; i < sizeof(hard_cases) / sizeof(hard_cases[0]); i++)
        CHECK_INPUT(hard_cases[i]);
}

static void test_random_decimals(void)
{
    static char buf[1100];
    int failures = 0;
    for (int i = 0; i < 30000; i++) {
        random_decimal(buf, sizeof(buf));
        failures += !compare_one(buf);
    }
    CHECK(failures == 0);
}

static void test_round_trips(void)
{
    char buf[64];
    int failures = 0;
    for (int i = 0; i < 20000; i++) {
        double d = random_double();
        static const char *const formats[] = { "%.17g", "%.16g", "%.15g",
                                               "%.25e", "%a", "%.20f" };
        snprintf(buf, sizeof(buf), formats[i % 6], d);
        failures += !compare_one(buf);
    }
    CHECK(failures == 0);
}

static void test_midpoints(void)
{
    int failures = 0;
    for (int i = 0; i < 3000; i++) {
        double d = random_double();
        double up = nextafter(d, INFINITY);
        if (isinf(up))
            continue;
        failures += !check_midpoints(d, up);
    }
    for (int i = 0; i < 3000; i++) {
        uint32_t bits = (uint32_t)next_random() & 0x7fffffffu;
        if (i % 4 == 0)
            bits &= 0x007fffffu;
        float f;
        memcpy(&f, &bits, sizeof(f));
        float up = nextafterf(f, INFINITY);
        if (isnan(f) || isinf(f) || isinf(up))
            continue;
        failures += !check_midpoints(f, up);
    }
    /* The overflow threshold and the smallest subnormals. */
    failures += !check_midpoints(DBL_MAX, (long double)DBL_MAX * 2 - DBL_MAX +
                                              ldexpl(1, 971));
    failures += !check_midpoints(0, DBL_TRUE_MIN);
    failures += !check_midpoints(DBL_TRUE_MIN, 2 * DBL_TRUE_MIN);
    failures += !check_midpoints(nextafter(DBL_MIN, 0), DBL_MIN);
    failures += !check_midpoints(FLT_MAX, (long double)FLT_MAX +
                                              ldexpl(1, 104));
    failures += !check_midpoints(nextafterf(FLT_MIN, 0), FLT_MIN);
    CHECK(failures == 0);
}

static void test_random_hex(void)
{
    char buf[128];
    int failures = 0;
    for (int i = 0; i < 5000; i++) {
        int n = snprintf(buf, sizeof(buf), "%s0x", random_below(2) ? "" : "-");
        unsigned digits = 1 + random_below(30);
        unsigned point = random_below(digits + 2);
        for (unsigned k = 0; k < digits; k++) {
            if (k == point)
                buf[n++] = '.';
            buf[n++] = "0123456789abcdefF"[random_below(17)];
        }
        snprintf(buf + n, sizeof(buf) - (size_t)n, "p%d",
                 (int)random_below(2400) - 1200);
        failures += !compare_one(buf);
    }
    CHECK(failures == 0);
}

static void test_wrappers(void)
{
    char *end;
    CHECK(kl_atof(" 2.5e1x") == 25.0);
    CHECK(kl_strtold("0.1", &end) == (long double)0.1 && *end == '\0');
}

int main(void)
{
    test_hard_cases();
    test_random_decimals();
    test_round_trips();
    test_midpoints();
    test_random_hex();
    test_wrappers();
    return host_test_finish("strtod");
}
