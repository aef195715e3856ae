/* Floating-point conversions for the printf engine: f F e E g G a A.
 *
 * Every conversion is reduced to one layout: an optional sign and "0x"
 * prefix, a run of integer digits, an optional point, a run of fraction
 * digits and an exponent suffix. Digit runs are windows onto a digit string
 * where positions outside the string read as '0', which is how huge
 * precisions and huge values are printed without huge buffers.
 *
 * The kernel builds without floating point (FORMAT_NO_FLOAT); this file then
 * compiles to nothing. */
#ifndef FORMAT_NO_FLOAT
#include <format.h>
#include <string.h>

struct float_layout {
    char sign; /* '-', '+', ' ' or 0 for none */
    const char *prefix;
    size_t nprefix;
    const char *digits; /* digit i of the number; '0' outside [0, len) */
    long long len;
    long long int_from, int_count;
    int point;
    long long frac_from, frac_count;
    char suffix[16]; /* exponent, e.g. "e+05" */
    size_t nsuffix;
};

static void emit_run(struct format_out *out, const struct float_layout *l,
                     long long from, long long count)
{
    long long end = from + count;
    if (from < 0) {
        long long zeros = (end < 0 ? end : 0) - from;
        format_pad(out, '0', zeros);
        from += zeros;
    }
    if (from < l->len && from < end) {
        long long stop = end < l->len ? end : l->len;
        format_emit(out, l->digits + from, (size_t)(stop - from));
        from = stop;
    }
    format_pad(out, '0', end - from);
}

static void emit_layout(struct format_out *out, const struct format_spec *spec,
                        const struct float_layout *l)
{
    long long len = (l->sign != 0) + (long long)l->nprefix + l->int_count +
                    l->point + l->frac_count + (long long)l->nsuffix;
    long long fill = spec->width - len;
    int left = spec->flags & FORMAT_LEFT;
    int zero_fill = !left && (spec->flags & FORMAT_ZERO);

    if (!left && !zero_fill)
        format_pad(out, ' ', fill);
    if (l->sign)
        format_emit(out, &l->sign, 1);
    format_emit(out, l->prefix, l->nprefix);
    if (zero_fill)
        format_pad(out, '0', fill);
    emit_run(out, l, l->int_from, l->int_count);
    if (l->point)
        format_emit(out, ".", 1);
    emit_run(out, l, l->frac_from, l->frac_count);
    format_emit(out, l->suffix, l->nsuffix);
    if (left)
        format_pad(out, ' ', fill);
}

/* Appends an exponent such as "e-07" or "p+3" to the layout. */
static void set_exponent(struct float_layout *l, char letter, int exp,
                         int min_digits)
{
    char tmp[12];
    int n = 0;
    unsigned mag = exp < 0 ? -(unsigned)exp : (unsigned)exp;
    do {
        tmp[n++] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag || n < min_digits);
    l->nsuffix = 0;
    l->suffix[l->nsuffix++] = letter;
    l->suffix[l->nsuffix++] = exp < 0 ? '-' : '+';
    while (n)
        l->suffix[l->nsuffix++] = tmp[--n];
}

/* Fixed notation with prec fraction digits, dec already rounded for it. */
static void layout_fixed(struct float_layout *l,
                         const struct format_decimal *dec, long long prec)
{
    l->digits = dec->digits;
    l->len = dec->len;
    if (dec->exp > 0) {
        l->int_from = 0;
        l->int_count = dec->exp;
    } else {
        l->int_from = dec->exp - 1; /* a single '0' */
        l->int_count = 1;
    }
    l->frac_from = dec->exp;
    l->frac_count = prec;
    l->nsuffix = 0;
}

/* Scientific notation with prec fraction digits, dec already rounded to
 * prec + 1 significant digits. */
static void layout_scientific(struct float_layout *l,
                              const struct format_decimal *dec, long long prec,
                              int upper)
{
    l->digits = dec->digits;
    l->len = dec->len;
    l->int_from = 0;
    l->int_count = 1;
    l->frac_from = 1;
    l->frac_count = prec;
    set_exponent(l, upper ? 'E' : 'e', dec->exp - 1, 2);
}

/* Number of digits up to and including the last non-zero one. */
static long long significant_len(const struct format_decimal *dec)
{
    long long n = dec->len;
    while (n > 0 && dec->digits[n - 1] == '0')
        n--;
    return n;
}

static void layout_decimal(struct float_layout *l,
                           const struct format_spec *spec,
                           struct format_decimal *dec, char conv, int upper)
{
    long long prec = spec->precision < 0 ? 6 : spec->precision;
    int alt = spec->flags & FORMAT_ALT;

    if (conv == 'f') {
        /* Keep the digits up to the prec-th after the point. Positions past
         * the 767 digits a double can have are exact zeros anyway, which
         * keeps the int in range for any precision. */
        long long keep = dec->exp + prec;
        format_decimal_round(dec, keep > dec->len ? dec->len : (int)keep);
        layout_fixed(l, dec, prec);
    } else if (conv == 'e') {
        format_decimal_round(dec, prec + 1 > dec->len ? dec->len
                                                      : (int)prec + 1);
        layout_scientific(l, dec, prec, upper);
    } else {
        /* %g: P significant digits, in the style %e would have chosen for
         * that many digits; then trailing zeros go unless '#'. */
        long long p = prec ? prec : 1;
        struct format_decimal copy = *dec;
        format_decimal_round(&copy, p > copy.len ? copy.len : (int)p);
        long long x = copy.exp - 1;
        if (p > x && x >= -4) {
            long long fprec = p - 1 - x;
            long long keep = dec->exp + fprec;
            format_decimal_round(dec, keep > dec->len ? dec->len : (int)keep);
            if (!alt) {
                long long sig = significant_len(dec) - dec->exp;
                fprec = sig < fprec ? (sig > 0 ? sig : 0) : fprec;
            }
            layout_fixed(l, dec, fprec);
        } else {
            *dec = copy;
            long long fprec = p - 1;
            if (!alt) {
                long long sig = significant_len(dec) - 1;
                fprec = sig < fprec ? (sig > 0 ? sig : 0) : fprec;
            }
            layout_scientific(l, dec, fprec, upper);
        }
    }
    l->point = l->frac_count > 0 || alt;
}

/* %a: hexadecimal mantissa, binary exponent. Like glibc, normal numbers have a
 * leading 1 and subnormals a leading 0 with exponent -1022, and rounding to a
 * short precision may leave a leading 2 rather than renormalising. */
static void layout_hex(struct float_layout *l, const struct format_spec *spec,
                       unsigned long long bits, int upper, char *buf)
{
    const char *digit_set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    unsigned biased = (unsigned)(bits >> 52) & 0x7ff;
    unsigned long long frac = bits & ((1ull << 52) - 1);
    /* lead.frac as one integer with 52 fraction bits (13 hex digits). */
    unsigned long long full = frac;
    int exp = 0;
    if (biased) {
        full |= 1ull << 52;
        exp = (int)biased - 1023;
    } else if (frac) {
        exp = -1022;
    }

    int ndigits; /* hex digits after the point that come from the value */
    long long prec = spec->precision;
    if (prec < 0) {
        /* Shortest exact form: drop trailing zero digits. */
        ndigits = 13;
        while (ndigits > 0 && !((full >> (52 - 4 * ndigits)) & 0xf))
            ndigits--;
        prec = ndigits;
    } else if (prec < 13) {
        ndigits = (int)prec;
        int shift = 52 - 4 * ndigits;
        unsigned long long half = 1ull << (shift - 1);
        unsigned long long dropped = full & ((1ull << shift) - 1);
        full >>= shift;
        /* Ties to even, as in the decimal conversions. */
        if (dropped > half || (dropped == half && (full & 1)))
            full++;
        full <<= shift;
    } else {
        ndigits = 13;
    }

    buf[0] = digit_set[full >> 52]; /* 0, 1, or 2 after rounding up */
    for (int i = 1; i <= ndigits; i++)
        buf[i] = digit_set[(full >> (52 - 4 * i)) & 0xf];

    l->prefix = upper ? "0X" : "0x";
    l->nprefix = 2;
    l->digits = buf;
    l->len = 1 + ndigits;
    l->int_from = 0;
    l->int_count = 1;
    l->frac_from = 1;
    l->frac_count = prec; /* past the 13th digit: zeros */
    l->point = prec > 0 || (spec->flags & FORMAT_ALT);
    set_exponent(l, upper ? 'P' : 'p', exp, 1);
}

void format_float(struct format_out *out, const struct format_spec *spec,
                  double v)
{
    union {
        double d;
        unsigned long long u;
    } bits = {v};
    int upper = spec->conv >= 'A' && spec->conv <= 'Z';
    char conv = (char)(spec->conv | 0x20); /* lower case */
    struct float_layout l;
    memset(&l, 0, sizeof(l));
    l.prefix = "";

    /* The sign bit decides, so -0.0 and negative NaNs print a '-'. */
    if (bits.u >> 63)
        l.sign = '-';
    else if (spec->flags & FORMAT_PLUS)
        l.sign = '+';
    else if (spec->flags & FORMAT_SPACE)
        l.sign = ' ';
    bits.u &= ~(1ull << 63);

    if (((bits.u >> 52) & 0x7ff) == 0x7ff) {
        int nan = (bits.u & ((1ull << 52) - 1)) != 0;
        const char *text = nan ? (upper ? "NAN" : "nan")
                               : (upper ? "INF" : "inf");
        l.digits = text;
        l.len = 3;
        l.int_count = 3;
        /* No zero padding for these: glibc pads them with spaces. */
        struct format_spec plain = *spec;
        plain.flags &= ~(unsigned)FORMAT_ZERO;
        emit_layout(out, &plain, &l);
        return;
    }

    if (conv == 'a') {
        char buf[14];
        layout_hex(&l, spec, bits.u, upper, buf);
        emit_layout(out, spec, &l);
        return;
    }

    struct format_decimal dec;
    format_decimal_from_double(&dec, bits.d);
    layout_decimal(&l, spec, &dec, conv, upper);
    emit_layout(out, spec, &l);
}
#else
/* ISO C forbids an empty translation unit. */
typedef int format_float_unused;
#endif
