/* String to floating point: strtod, strtof, strtold and atof.
 *
 * Decimal input is converted with correct rounding (round half to even) for
 * any number of digits. A quick floating-point estimate gives a candidate
 * result; exact big-integer comparisons of the input against the midpoints
 * between the candidate and its neighbours then move the candidate until the
 * input lies within its rounding interval. Candidates are IEEE bit patterns
 * handled as integers, since for non-negative values consecutive patterns
 * are consecutive representable numbers; the pattern of infinity then decodes
 * as the power of two just past the largest finite value, which is exactly
 * the neighbour needed to decide overflow.
 *
 * Hexadecimal input is exact in binary and is rounded directly. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>

#include <bits/errno_location.h>
#include <bits/errno_values.h>

#include "bigint.h"

/* A binary interchange format, described by its field widths. */
struct float_format {
    int mant_bits; /* explicit fraction bits */
    int exp_bits;
    /* Decimal exponents beyond which no rounding work is needed: a value in
     * [10^(P-1), 10^P) overflows when P > max_point and rounds to zero when
     * P < min_point. */
    int max_point;
    int min_point;
};

static const struct float_format binary64 = { 52, 11, 310, -325 };
static const struct float_format binary32 = { 23, 8, 40, -46 };

static int exp_bias(const struct float_format *f)
{
    return (1 << (f->exp_bits - 1)) - 1;
}

static uint64_t inf_bits(const struct float_format *f)
{
    return (((uint64_t)1 << f->exp_bits) - 1) << f->mant_bits;
}

static uint64_t min_normal_bits(const struct float_format *f)
{
    return (uint64_t)1 << f->mant_bits;
}

/* The exact value of a non-negative pattern as mant * 2^exp. */
static void decode(const struct float_format *f, uint64_t bits,
                   uint64_t *mant, int *exp)
{
    uint64_t frac = bits & (min_normal_bits(f) - 1);
    int biased = (int)(bits >> f->mant_bits);
    if (biased == 0) {
        *mant = frac;
        *exp = 1 - exp_bias(f) - f->mant_bits;
    } else {
        *mant = frac | min_normal_bits(f);
        *exp = biased - exp_bias(f) - f->mant_bits;
    }
}

/* Rounds mant * 2^exp, plus a little more when sticky is set, to the nearest
 * pattern of the format. *range_error reports overflow, or underflow in the
 * IEEE sense that glibc follows on x86: the result is inexact and the value
 * would still be below the smallest normal number if the exponent range were
 * unbounded and it were rounded to full precision. */
static uint64_t round_binary(const struct float_format *f, uint64_t mant,
                             int exp, bool sticky, bool *range_error)
{
    *range_error = false;
    if (mant == 0)
        return 0;
    while (!(mant >> 63)) {
        mant <<= 1;
        exp--;
    }
    int min_exp = 1 - exp_bias(f); /* exponent of the smallest normal */
    int top = exp + 63;              /* exponent of the leading bit */
    bool tiny = top < min_exp;
    if (top == min_exp - 1) {
        /* Only just below: tiny unless full-precision rounding carries up
         * into the smallest normal, i.e. the bits to keep are all ones and
         * the rest is at least half (the all-ones significand is odd). */
        int cut = 63 - f->mant_bits;
        uint64_t kept = mant >> cut;
        uint64_t rest = mant & (((uint64_t)1 << cut) - 1);
        uint64_t half = (uint64_t)1 << (cut - 1);
        if (kept == ((uint64_t)1 << (f->mant_bits + 1)) - 1 && rest >= half)
            tiny = false;
    }

    /* Weight of the result's last bit: mant_bits below the leading one, but
     * never below the weight of the smallest subnormal. */
    int lowest = min_exp - f->mant_bits;
    int lsb = top - f->mant_bits;
    if (lsb < lowest)
        lsb = lowest;
    if (lsb - exp > 64) {
        /* Far below half the smallest subnormal. */
        *range_error = true;
        return 0;
    }

    int drop = lsb - exp; /* 0..64 low bits of mant fall off */
    uint64_t q, rest, half;
    if (drop == 64) {
        q = 0;
        rest = mant;
        half = (uint64_t)1 << 63;
    } else if (drop == 0) {
        q = mant;
        rest = 0;
        half = 1; /* never compared against: rest is 0 */
    } else {
        q = mant >> drop;
        rest = mant & (((uint64_t)1 << drop) - 1);
        half = (uint64_t)1 << (drop - 1);
    }
    bool inexact = sticky || rest != 0;
    if (rest > half || (rest == half && (sticky || (q & 1))))
        q++;
    if (tiny && inexact)
        *range_error = true;

    /* q holds the significand with its leading one (when normal) at bit
     * mant_bits; adding it to the exponent field minus one lets a carry out
     * of the significand bump the exponent, and a subnormal uses field 0. */
    int field = lsb + f->mant_bits + exp_bias(f);
    uint64_t bits = field > 0 ? ((uint64_t)(field - 1) << f->mant_bits) + q : q;
    if (bits >= inf_bits(f)) {
        *range_error = true;
        return inf_bits(f);
    }
    return bits;
}

/* ---- Decimal input ---- */

/* Halfway points between adjacent doubles need up to 767 significant digits
 * to write down. Digits past this limit only matter through whether any of
 * them is non-zero, which is recorded as one extra digit '1' after the kept
 * ones: the exact input and that stand-in lie strictly between the same two
 * multiples of the last kept digit's weight, and no halfway point can lie
 * there. */
#define MAX_DIGITS 800

struct decimal {
    uint8_t digit[MAX_DIGITS + 1]; /* values 0-9, first one non-zero */
    int count;
    int64_t exp; /* value = digits as an integer * 10^exp */
};

static void big_from_decimal(struct bigint *b, const struct decimal *d)
{
    __bigint_set_u64(b, 0);
    int i = 0;
    while (i < d->count) {
        uint32_t chunk = 0, scale = 1;
        for (int k = 0; k < 9 && i < d->count; k++, i++) {
            chunk = chunk * 10 + d->digit[i];
            scale *= 10;
        }
        __bigint_mul_add(b, scale, chunk);
    }
}

/* Compares the decimal value D * 10^e with mant * 2^exp, by scaling both to
 * integers: D * 5^e * 2^e against mant * 2^exp, with negative powers moved to
 * the other side. */
static int compare_exact(const struct bigint *digits, int e, uint64_t mant,
                         int exp)
{
    struct bigint lhs = *digits, rhs;
    __bigint_set_u64(&rhs, mant);
    if (e >= 0)
        __bigint_mul_pow5(&lhs, (unsigned)e);
    else
        __bigint_mul_pow5(&rhs, (unsigned)-e);
    int shift = e - exp;
    if (shift >= 0)
        __bigint_shl(&lhs, (unsigned)shift);
    else
        __bigint_shl(&rhs, (unsigned)-shift);
    return __bigint_cmp(&lhs, &rhs);
}

/* Compares the decimal value with the midpoint between patterns bits and
 * bits + 1. */
static int compare_midpoint(const struct float_format *f,
                            const struct bigint *digits, int e, uint64_t bits)
{
    uint64_t m0, m1;
    int e0, e1;
    decode(f, bits, &m0, &e0);
    decode(f, bits + 1, &m1, &e1);
    /* Neighbours differ in exponent by at most one. */
    int lo = e0 < e1 ? e0 : e1;
    uint64_t sum = (m0 << (e0 - lo)) + (m1 << (e1 - lo));
    return compare_exact(digits, e, sum, lo - 1);
}

/* A double within a few units in the last place of the decimal value, from
 * its first 19 digits. Powers of ten are built from a binary table so that
 * few rounding errors accumulate; the split division keeps intermediate
 * values inside the double range. */
static double estimate(const struct decimal *d)
{
    static const double pow10_bin[9] = {
        1e1, 1e2, 1e4, 1e8, 1e16, 1e32, 1e64, 1e128, 1e256,
    };
    uint64_t lead = 0;
    int used = d->count < 19 ? d->count : 19;
    for (int i = 0; i < used; i++)
        lead = lead * 10 + d->digit[i];
    int e = (int)d->exp + (d->count - used);

    double v = (double)lead;
    int n = e < 0 ? -e : e;
    if (e < 0 && n > 300) {
        v /= 1e300;
        n -= 300;
    }
    double p = 1.0;
    for (int i = 0; i < 9 && n; i++, n >>= 1) {
        if (n & 1)
            p *= pow10_bin[i];
    }
    return e < 0 ? v / p : v * p;
}

static uint64_t estimate_bits(const struct float_format *f, double v)
{
    union {
        double d;
        uint64_t u;
    } dbl;
    union {
        float f;
        uint32_t u;
    } flt;
    if (f->mant_bits == binary64.mant_bits) {
        dbl.d = v;
        return dbl.u;
    }
    flt.f = (float)v;
    return flt.u;
}

/* Picks the even one of two neighbouring patterns for an exact tie. */
static uint64_t tie_to_even(uint64_t a, uint64_t b)
{
    return (a & 1) ? b : a;
}

/* Correctly rounded pattern for a non-zero decimal value whose order of
 * magnitude is already known to be inside the format's range. *range_error
 * follows the same rules as for round_binary. */
static uint64_t round_decimal(const struct float_format *f,
                              const struct decimal *d, bool *range_error)
{
    struct bigint digits;
    big_from_decimal(&digits, d);
    int e = (int)d->exp;

    uint64_t bits = estimate_bits(f, estimate(d));
    if (bits > inf_bits(f))
        bits = inf_bits(f);

    /* Each step moves one unit towards the answer. After a step up the value
     * is known to be above the lower midpoint, and after a step down below
     * the upper one, so that side need not be checked again. */
    bool stepped_up = false, stepped_down = false;
    for (;;) {
        if (!stepped_down && bits < inf_bits(f)) {
            int c = compare_midpoint(f, &digits, e, bits);
            if (c > 0) {
                bits++;
                stepped_up = true;
                continue;
            }
            if (c == 0) {
                bits = tie_to_even(bits, bits + 1);
                break;
            }
        }
        if (stepped_up || bits == 0)
            break;
        int c = compare_midpoint(f, &digits, e, bits - 1);
        if (c < 0) {
            bits--;
            stepped_down = true;
            continue;
        }
        if (c == 0)
            bits = tie_to_even(bits - 1, bits);
        break;
    }

    *range_error = false;
    if (bits == inf_bits(f)) {
        *range_error = true;
    } else if (bits < min_normal_bits(f)) {
        /* Tiny for sure; an error unless the value is exactly that. */
        uint64_t m;
        int x;
        decode(f, bits, &m, &x);
        *range_error = bits == 0 || compare_exact(&digits, e, m, x) != 0;
    } else if (bits == min_normal_bits(f)) {
        /* Rounded up into the normal range: still tiny, and so inexact,
         * when below the point where full-precision rounding reaches the
         * smallest normal, (2^(p+1) - 1) * 2^(min_exp - p - 1) with p the
         * significand width. */
        uint64_t threshold = ((uint64_t)1 << (f->mant_bits + 2)) - 1;
        int x = 1 - exp_bias(f) - f->mant_bits - 2;
        *range_error = compare_exact(&digits, e, threshold, x) < 0;
    }
    return bits;
}

/* ---- Parsing ---- */

static bool is_digit(unsigned char c)
{
    return (unsigned)(c - '0') < 10;
}

static int hex_value(unsigned char c)
{
    if (is_digit(c))
        return c - '0';
    c |= 0x20;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Case-insensitive match of a lower-case word at s. */
static bool match_word(const unsigned char *s, const char *word)
{
    for (; *word; s++, word++) {
        if ((*s | 0x20) != (unsigned char)*word)
            return false;
    }
    return true;
}

/* Reads an optionally signed decimal exponent after its marker letter. On
 * success advances *sp past it; otherwise the marker is not part of the
 * number and *sp stays put. Huge exponents saturate: far beyond any range
 * they give the same result. */
static int64_t parse_exponent(const unsigned char **sp)
{
    const unsigned char *s = *sp + 1;
    bool negative = false;
    if (*s == '+' || *s == '-')
        negative = *s++ == '-';
    if (!is_digit(*s))
        return 0;
    int64_t v = 0;
    for (; is_digit(*s); s++) {
        if (v < 1000000000)
            v = v * 10 + (*s - '0');
    }
    *sp = s;
    return negative ? -v : v;
}

/* Collects the significant digits of a decimal number. Returns false when
 * there is no digit at all, which means nothing can be converted. */
static bool parse_decimal(const unsigned char **sp, struct decimal *d)
{
    const unsigned char *s = *sp;
    bool any = false, after_point = false, sticky = false;
    int64_t exp = 0;

    d->count = 0;
    for (;; s++) {
        if (*s == '.' && !after_point) {
            after_point = true;
            continue;
        }
        if (!is_digit(*s))
            break;
        any = true;
        uint8_t v = (uint8_t)(*s - '0');
        if (d->count == 0 && v == 0) {
            /* Leading zeros only scale the value when after the point. */
            if (after_point)
                exp--;
        } else if (d->count < MAX_DIGITS) {
            d->digit[d->count++] = v;
            if (after_point)
                exp--;
        } else {
            sticky |= v != 0;
            if (!after_point)
                exp++;
        }
    }
    if (!any)
        return false;
    if (sticky) {
        d->digit[d->count++] = 1;
        exp--;
    }
    if ((*s | 0x20) == 'e')
        exp += parse_exponent(&s);
    while (d->count > 0 && d->digit[d->count - 1] == 0) {
        d->count--;
        exp++;
    }
    d->exp = exp;
    *sp = s;
    return true;
}

/* Parses the digits of a hexadecimal number after its "0x" and rounds it. */
static uint64_t parse_hex(const struct float_format *f,
                          const unsigned char **sp, bool *range_error)
{
    const unsigned char *s = *sp;
    bool after_point = false, sticky = false;
    uint64_t mant = 0;
    int digits = 0; /* significant hex digits held in mant */
    int64_t exp = 0;

    for (;; s++) {
        if (*s == '.' && !after_point) {
            after_point = true;
            continue;
        }
        int v = hex_value(*s);
        if (v < 0)
            break;
        if (digits == 0 && v == 0) {
            if (after_point)
                exp -= 4;
        } else if (digits < 16) {
            mant = mant << 4 | (uint64_t)v;
            digits++;
            if (after_point)
                exp -= 4;
        } else {
            sticky |= v != 0;
            if (!after_point)
                exp += 4;
        }
    }
    if ((*s | 0x20) == 'p')
        exp += parse_exponent(&s);
    *sp = s;

    /* Beyond these bounds the outcome (overflow or zero) no longer changes,
     * and the exponent then fits an int. */
    if (exp > 100000)
        exp = 100000;
    if (exp < -100000)
        exp = -100000;
    *range_error = false;
    return round_binary(f, mant, (int)exp, sticky, range_error);
}

/* The pattern of the number at the start of nptr, sign included. */
static uint64_t parse_number(const struct float_format *f, const char *nptr,
                             char **endptr)
{
    const unsigned char *s = (const unsigned char *)nptr;
    uint64_t sign_bit = (uint64_t)1 << (f->mant_bits + f->exp_bits);
    uint64_t bits = 0;
    bool range_error = false;

    while (isspace(*s))
        s++;
    bool negative = false;
    if (*s == '+' || *s == '-')
        negative = *s++ == '-';

    if (match_word(s, "inf")) {
        s += match_word(s, "infinity") ? 8 : 3;
        bits = inf_bits(f);
    } else if (match_word(s, "nan")) {
        s += 3;
        /* An optional "(chars)" suffix selects a payload in some libraries;
         * it is accepted and ignored, and only taken when it is closed. */
        if (*s == '(') {
            const unsigned char *t = s + 1;
            while (is_digit(*t) || ((*t | 0x20) >= 'a' && (*t | 0x20) <= 'z') ||
                   *t == '_')
                t++;
            if (*t == ')')
                s = t + 1;
        }
        bits = inf_bits(f) | (min_normal_bits(f) >> 1);
    } else if (s[0] == '0' && (s[1] | 0x20) == 'x' &&
               (hex_value(s[2]) >= 0 ||
                (s[2] == '.' && hex_value(s[3]) >= 0))) {
        s += 2;
        bits = parse_hex(f, &s, &range_error);
    } else {
        struct decimal d;
        if (!parse_decimal(&s, &d)) {
            if (endptr)
                *endptr = (char *)nptr;
            return 0;
        }
        if (d.count > 0) {
            int64_t point = d.count + d.exp;
            if (point > f->max_point) {
                bits = inf_bits(f);
                range_error = true;
            } else if (point < f->min_point) {
                range_error = true;
            } else {
                bits = round_decimal(f, &d, &range_error);
            }
        }
    }

    if (endptr)
        *endptr = (char *)s;
    if (range_error)
        *__errno_location() = ERANGE;
    return negative ? bits | sign_bit : bits;
}

double strtod(const char *restrict nptr, char **restrict endptr)
{
    union {
        uint64_t bits;
        double value;
    } r = { .bits = parse_number(&binary64, nptr, endptr) };
    return r.value;
}

float strtof(const char *restrict nptr, char **restrict endptr)
{
    union {
        uint32_t bits;
        float value;
    } r = { .bits = (uint32_t)parse_number(&binary32, nptr, endptr) };
    return r.value;
}

/* long double is parsed at double precision: all Kestrel's own code needs,
 * and what the conversion machinery supports. */
long double strtold(const char *restrict nptr, char **restrict endptr)
{
    return strtod(nptr, endptr);
}

double atof(const char *nptr)
{
    return strtod(nptr, NULL);
}
