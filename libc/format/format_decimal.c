/* Exact decimal expansion of doubles, for the f, e and g conversions.
 *
 * A finite double is m * 2^e with a 53-bit integer m. For e >= 0 that is an
 * integer of at most 309 digits; for e < 0 it equals m * 5^-e / 10^-e, so the
 * digits of the integer m * 5^-e, with the decimal point -e places from the
 * right, are the exact expansion (at most 767 significant digits). Computing
 * them with a small big-integer makes every later rounding decision exact,
 * which is what it takes to match glibc on cases like 2.675 -> "2.67".
 *
 * The big integer is kept in base 10000 so that turning it into digits needs
 * no division at all, and so that every step is a 32-bit multiply: a limb is
 * below 10^4 and a multiplier at most 2^16, so limb * m + carry < 2^32. */
#ifndef FORMAT_NO_FLOAT
#include <format.h>
#include <string.h>

#define LIMB_BASE 10000u
#define LIMB_DIGITS 4
#define MAX_LIMBS (FORMAT_DECIMAL_MAX / LIMB_DIGITS + 2)

/* Little-endian: limb[0] is the least significant. */
struct bignum {
    unsigned limb[MAX_LIMBS];
    int n;
};

static void big_set(struct bignum *b, unsigned long long v)
{
    b->n = 0;
    while (v)
        b->limb[b->n++] = format_divmod(&v, LIMB_BASE);
}

/* b *= m, for 1 <= m <= 65536. */
static void big_mul_small(struct bignum *b, unsigned m)
{
    unsigned carry = 0;
    for (int i = 0; i < b->n; i++) {
        unsigned t = b->limb[i] * m + carry;
        b->limb[i] = t % LIMB_BASE;
        carry = t / LIMB_BASE;
    }
    while (carry) {
        b->limb[b->n++] = carry % LIMB_BASE;
        carry /= LIMB_BASE;
    }
}

static void big_mul_pow2(struct bignum *b, int k)
{
    for (; k >= 16; k -= 16)
        big_mul_small(b, 1u << 16);
    big_mul_small(b, 1u << k);
}

static void big_mul_pow5(struct bignum *b, int k)
{
    static const unsigned pow5[] = {1, 5, 25, 125, 625, 3125, 15625};
    for (; k >= 6; k -= 6)
        big_mul_small(b, pow5[6]);
    big_mul_small(b, pow5[k]);
}

/* Writes the digits of b, most significant first, without leading zeros;
 * b must be non-zero. Returns the number of digits. */
static int big_to_digits(const struct bignum *b, char *out)
{
    int len = 0;
    char tmp[LIMB_DIGITS];
    unsigned top = b->limb[b->n - 1];
    int ntop = 0;
    do {
        tmp[ntop++] = (char)('0' + top % 10);
        top /= 10;
    } while (top);
    while (ntop)
        out[len++] = tmp[--ntop];
    for (int i = b->n - 2; i >= 0; i--) {
        unsigned limb = b->limb[i];
        for (int j = LIMB_DIGITS - 1; j >= 0; j--) {
            out[len + j] = (char)('0' + limb % 10);
            limb /= 10;
        }
        len += LIMB_DIGITS;
    }
    return len;
}

void format_decimal_from_double(struct format_decimal *dec, double v)
{
    union {
        double d;
        unsigned long long u;
    } bits = {v};
    unsigned biased = (unsigned)(bits.u >> 52) & 0x7ff;
    unsigned long long mant = bits.u & ((1ull << 52) - 1);
    int e2;

    if (biased == 0 && mant == 0) {
        dec->digits[0] = '0';
        dec->len = 1;
        dec->exp = 1;
        return;
    }
    if (biased == 0) {
        e2 = -1074; /* subnormal: no implicit bit */
    } else {
        mant |= 1ull << 52;
        e2 = (int)biased - 1075;
    }
    /* Fewer powers of five to multiply by, and the same value. */
    while (!(mant & 1) && e2 < 0) {
        mant >>= 1;
        e2++;
    }

    struct bignum b;
    big_set(&b, mant);
    int frac_digits = 0;
    if (e2 >= 0) {
        big_mul_pow2(&b, e2);
    } else {
        big_mul_pow5(&b, -e2);
        frac_digits = -e2;
    }
    dec->len = big_to_digits(&b, dec->digits);
    dec->exp = dec->len - frac_digits;
}

void format_decimal_round(struct format_decimal *dec, int keep)
{
    if (keep >= dec->len)
        return;
    if (keep < 0) {
        /* Even the first dropped digit is an implied 0: rounds to zero. */
        dec->len = 0;
        return;
    }

    int up;
    char next = dec->digits[keep];
    if (next != '5') {
        up = next > '5';
    } else {
        /* Exactly half only if nothing non-zero follows; then ties go to
         * the even neighbour (the digit before the first kept one is 0). */
        up = 0;
        for (int i = keep + 1; i < dec->len && !up; i++)
            up = dec->digits[i] != '0';
        if (!up)
            up = keep > 0 && ((dec->digits[keep - 1] - '0') & 1);
    }
    dec->len = keep;
    if (!up)
        return;

    int i = keep - 1;
    while (i >= 0 && dec->digits[i] == '9')
        i--;
    if (i >= 0) {
        dec->digits[i]++;
        dec->len = i + 1; /* the 9s that became 0s are trailing zeros */
    } else {
        /* All nines (or nothing kept): the value becomes 10^exp. */
        dec->digits[0] = '1';
        dec->len = 1;
        dec->exp++;
    }
}
#else
/* ISO C forbids an empty translation unit. */
typedef int format_decimal_unused;
#endif
