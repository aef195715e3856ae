/* Floating-point fields for the scanf engine. The characters are collected
 * following the strtod grammar, with glibc's answers for fields cut short,
 * and rewritten as a compact text that strtof, strtod or strtold convert
 * with correct rounding. The kernel (FORMAT_NO_FLOAT) has none of this. */
#ifndef FORMAT_NO_FLOAT
#include <ctype.h>
#include <format.h>
#include <stdbool.h>
#include <string.h>

/* Only the first FLOAT_SIG_MAX significant digits are kept, and any
 * non-zero digits beyond them become one trailing '1': a halfway point
 * between two doubles has at most 767 significant digits, so this "sticky"
 * digit preserves every rounding decision however long the input is. */
#define FLOAT_SIG_MAX 800

/* sign, "0x", the digits, a sticky digit, exponent letter and value, NUL */
_Static_assert(FORMAT_FLOAT_TEXT_MAX >= 1 + 2 + FLOAT_SIG_MAX + 1 + 1 + 12 + 1,
               "float text buffer too small");

struct float_text {
    char buf[FLOAT_SIG_MAX + 1]; /* digits, plus the sticky one */
    int ndigits;
    long long scale; /* power of the radix the digit string is multiplied by */
    bool sticky;
};

static void float_text_digit(struct float_text *t, int c, bool fraction)
{
    if (t->ndigits == 0 && c == '0') {
        if (fraction)
            t->scale--; /* leading zero after the point */
        return;
    }
    if (t->ndigits < FLOAT_SIG_MAX) {
        t->buf[t->ndigits++] = (char)c;
        if (fraction)
            t->scale--;
    } else {
        t->sticky |= c != '0';
        if (!fraction)
            t->scale++; /* a dropped integer digit still counts */
    }
}

/* Reads a decimal exponent, saturating far beyond any double's range. */
static long long read_exponent(struct format_scanner *sc, int *c)
{
    bool negative = false;
    long long e = 0;
    if (*c == '+' || *c == '-') {
        negative = *c == '-';
        *c = format_scan_getc(sc);
    }
    while (*c != FORMAT_EOF && isdigit(*c)) {
        if (e < 100000000)
            e = e * 10 + (*c - '0');
        *c = format_scan_getc(sc);
    }
    return negative ? -e : e;
}

static void append_number(char *s, long long v)
{
    char tmp[24];
    int n = 0;
    unsigned long long mag = v < 0 ? 0 - (unsigned long long)v
                                   : (unsigned long long)v;
    if (v < 0)
        *s++ = '-';
    do
        tmp[n++] = (char)('0' + format_divmod(&mag, 10));
    while (mag);
    while (n)
        *s++ = tmp[--n];
    *s = '\0';
}

/* Collects a floating-point field into out (for strtod): decimal or hex,
 * infinity or nan. Returns the status; FORMAT_SCAN_OK means out is complete. */
enum format_scan_status format_scan_float_text(struct format_scanner *sc,
                                               char *out)
{
    int c = format_scan_getc(sc);
    if (c == FORMAT_EOF)
        return FORMAT_SCAN_INPUT_FAIL;
    char *o = out;
    if (c == '+' || c == '-') {
        if (c == '-')
            *o++ = '-';
        c = format_scan_getc(sc);
    }

    int lc = c == FORMAT_EOF ? c : tolower(c);
    if (lc == 'i' || lc == 'n') {
        /* "inf" may continue as "infinity", and once "infi" is read only
         * the full word will do. glibc does not take "nan(chars)" here. */
        bool ok = format_scan_match_word(sc, lc == 'i' ? "nf" : "an", true);
        if (ok && lc == 'i') {
            c = format_scan_getc(sc);
            if (c != FORMAT_EOF && tolower(c) == 'i')
                ok = format_scan_match_word(sc, "nity", true);
            else
                format_scan_ungetc(sc, c);
        }
        if (!ok)
            return FORMAT_SCAN_MATCH_FAIL;
        strcpy(o, lc == 'i' ? "inf" : "nan");
        return FORMAT_SCAN_OK;
    }

    struct float_text t;
    t.ndigits = 0;
    t.scale = 0;
    t.sticky = false;
    bool hex = false, any_digit = false, any_point = false;
    if (c == '0') {
        c = format_scan_getc(sc);
        if ((c == 'x' || c == 'X') && sc->width_left == 0) {
            /* The width leaves no room after the 'x': glibc then reads
             * just the 0 and leaves the 'x' in the input. */
            format_scan_ungetc(sc, c);
            any_digit = true;
            c = FORMAT_EOF;
        } else if (c == 'x' || c == 'X') {
            hex = true; /* and the 0 does not count as a mantissa digit */
            c = format_scan_getc(sc);
        } else {
            any_digit = true;
        }
    }
    int (*is_radix_digit)(int) = hex ? isxdigit : isdigit;
    while (c != FORMAT_EOF && is_radix_digit(c)) {
        any_digit = true;
        float_text_digit(&t, c, false);
        c = format_scan_getc(sc);
    }
    if (c == '.') {
        any_point = true;
        c = format_scan_getc(sc);
        while (c != FORMAT_EOF && is_radix_digit(c)) {
            any_digit = true;
            float_text_digit(&t, c, true);
            c = format_scan_getc(sc);
        }
    }
    /* glibc accepts "0x." as zero but not "0x" or a lone "." */
    if (!any_digit && !(hex && any_point)) {
        format_scan_ungetc(sc, c);
        return FORMAT_SCAN_MATCH_FAIL;
    }
    long long exp = 0;
    if (c != FORMAT_EOF && tolower(c) == (hex ? 'p' : 'e')) {
        /* An exponent marker without digits is consumed and ignored. */
        c = format_scan_getc(sc);
        exp = read_exponent(sc, &c);
    }
    format_scan_ungetc(sc, c);

    if (t.sticky) {
        t.buf[t.ndigits++] = '1';
        t.scale--;
    }
    if (t.ndigits == 0)
        t.buf[t.ndigits++] = '0';
    /* A hex digit is four binary places; the clamp keeps the sum far from
     * overflow while still over- or underflowing every double. */
    exp += hex ? 4 * t.scale : t.scale;
    if (exp > 1000000000)
        exp = 1000000000;
    if (exp < -1000000000)
        exp = -1000000000;
    if (hex) {
        memcpy(o, "0x", 2);
        o += 2;
    }
    memcpy(o, t.buf, (size_t)t.ndigits);
    o += t.ndigits;
    *o++ = hex ? 'p' : 'e';
    append_number(o, exp);
    return FORMAT_SCAN_OK;
}
#else
/* ISO C forbids an empty translation unit. */
typedef int format_scan_float_unused;
#endif
