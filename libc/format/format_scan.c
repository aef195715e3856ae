/* The scanf engine: reads through a getc/ungetc pair so that sscanf and the
 * FILE-based scanf functions share it.
 *
 * With only one character of push-back, a field that turns out to be invalid
 * part-way ("0x" before a non-hex digit, "1e+" before a non-digit) cannot be
 * returned to the input. We then do what glibc does: keep what was consumed
 * and convert the valid prefix, so that our results agree with the host in
 * the tests and with what programs ported from Linux expect. */
#include <ctype.h>
#include <format.h>
#include <stdbool.h>
#include <string.h>
#ifndef FORMAT_NO_FLOAT
#include <stdlib.h> /* strtof, strtod, strtold */
#endif

/* The compiler's types rather than <stdint.h>: the host tests compile this
 * file in hosted mode, where GCC's stdint.h defers to a missing libc one. */
typedef __INTMAX_TYPE__ scan_intmax;
typedef __PTRDIFF_TYPE__ scan_ptrdiff;
typedef __WCHAR_TYPE__ scan_wchar;
#define SCAN_LLONG_MAX __LONG_LONG_MAX__
#define SCAN_LONG_MAX __LONG_MAX__
#define SCAN_ULONG_MAX (__LONG_MAX__ * 2ul + 1)
#define SCAN_INT_MAX __INT_MAX__

enum scan_length {
    SLEN_NONE,
    SLEN_HH,
    SLEN_H,
    SLEN_L,
    SLEN_LL,
    SLEN_J,
    SLEN_Z,
    SLEN_T,
    SLEN_BIG_L,
};

/* How a directive ended. */
enum scan_status {
    SCAN_OK,
    SCAN_MATCH_FAIL, /* the input did not fit: stop, report assignments */
    SCAN_INPUT_FAIL, /* the input ended: EOF if nothing was assigned yet */
};

struct scanner {
    const struct format_reader *in;
    long long consumed; /* characters read and kept, for %n */
    int width_left;     /* of the current field; -1 while not in a field */
};

/* Reads the next character of the current field, or FORMAT_EOF at the end of
 * the input or of the field width. */
static int sc_get(struct scanner *sc)
{
    if (sc->width_left == 0)
        return FORMAT_EOF;
    int c = sc->in->getc(sc->in->ctx);
    if (c == FORMAT_EOF)
        return c;
    sc->consumed++;
    if (sc->width_left > 0)
        sc->width_left--;
    return c;
}

/* Gives back the character that ended a field; FORMAT_EOF is a no-op, which
 * lets callers unget whatever sc_get last returned. */
static void sc_unget(struct scanner *sc, int c)
{
    if (c == FORMAT_EOF)
        return;
    sc->in->ungetc(c, sc->in->ctx);
    sc->consumed--;
    if (sc->width_left >= 0)
        sc->width_left++;
}

/* Skips white space; reports whether any input is left. */
static bool sc_skip_space(struct scanner *sc)
{
    int c;
    do
        c = sc_get(sc);
    while (c != FORMAT_EOF && isspace(c));
    sc_unget(sc, c);
    return c != FORMAT_EOF;
}

/* One parsed conversion specification. */
struct scan_spec {
    bool suppress; /* '*': convert but do not assign */
    int width;     /* 0: none given */
    enum scan_length len;
    char conv;
};

static int digit_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

static void store_signed(va_list *ap, enum scan_length len, long long v)
{
    switch (len) {
    case SLEN_HH:
        *va_arg(*ap, signed char *) = (signed char)v;
        break;
    case SLEN_H:
        *va_arg(*ap, short *) = (short)v;
        break;
    case SLEN_L:
        *va_arg(*ap, long *) = (long)v;
        break;
    case SLEN_LL:
    case SLEN_BIG_L: /* glibc reads %Ld as %lld */
        *va_arg(*ap, long long *) = v;
        break;
    case SLEN_J:
        *va_arg(*ap, scan_intmax *) = (scan_intmax)v;
        break;
    case SLEN_Z:
    case SLEN_T:
        *va_arg(*ap, scan_ptrdiff *) = (scan_ptrdiff)v;
        break;
    default:
        *va_arg(*ap, int *) = (int)v;
        break;
    }
}

static void store_unsigned(va_list *ap, enum scan_length len,
                           unsigned long long v)
{
    switch (len) {
    case SLEN_HH:
        *va_arg(*ap, unsigned char *) = (unsigned char)v;
        break;
    case SLEN_H:
        *va_arg(*ap, unsigned short *) = (unsigned short)v;
        break;
    case SLEN_L:
        *va_arg(*ap, unsigned long *) = (unsigned long)v;
        break;
    case SLEN_LL:
    case SLEN_BIG_L:
        *va_arg(*ap, unsigned long long *) = v;
        break;
    case SLEN_J:
        *va_arg(*ap, unsigned long long *) = v;
        break;
    case SLEN_Z:
    case SLEN_T:
        *va_arg(*ap, size_t *) = (size_t)v;
        break;
    default:
        *va_arg(*ap, unsigned *) = (unsigned)v;
        break;
    }
}

/* Matches the rest of a fixed word such as "nil)", case-insensitively when
 * fold is set. Returns false at the first mismatch (which stays consumed:
 * push-back is limited to one character). */
static bool match_word(struct scanner *sc, const char *word, bool fold)
{
    for (; *word; word++) {
        int c = sc_get(sc);
        if (c == FORMAT_EOF || (fold ? tolower(c) : c) != *word) {
            sc_unget(sc, c);
            return false;
        }
    }
    return true;
}

/* Out-of-range input is undefined in C. glibc converts with strtol or
 * strtoul (strtoll/strtoull for ll, j and L) and then narrows to the
 * destination type; saturating at the same width gives the same results on
 * both i686 and the 64-bit host the tests run on. */
static bool wide_length(enum scan_length len)
{
    return len == SLEN_LL || len == SLEN_J || len == SLEN_BIG_L;
}

static long long saturate_signed(unsigned long long mag, bool overflow,
                                 bool negative, enum scan_length len)
{
    unsigned long long max = wide_length(len) ? (unsigned long long)SCAN_LLONG_MAX
                                              : (unsigned long long)SCAN_LONG_MAX;
    if (overflow || mag > max + negative)
        return negative ? -(long long)max - 1 : (long long)max;
    return negative ? (long long)(0 - mag) : (long long)mag;
}

static unsigned long long saturate_unsigned(unsigned long long mag,
                                            bool overflow, bool negative,
                                            enum scan_length len)
{
    unsigned long long max = wide_length(len) ? ~0ull : SCAN_ULONG_MAX;
    if (overflow || mag > max)
        return max;
    /* As in strtoul, a '-' negates in the unsigned type. */
    return negative ? (0 - mag) & max : mag;
}

/* d i u o x X p. */
static enum scan_status scan_integer(struct scanner *sc,
                                     const struct scan_spec *spec, va_list *ap)
{
    int base = 10;
    if (spec->conv == 'i')
        base = 0;
    else if (spec->conv == 'o')
        base = 8;
    else if (spec->conv == 'x' || spec->conv == 'X' || spec->conv == 'p')
        base = 16;

    int c = sc_get(sc);
    if (c == FORMAT_EOF)
        return SCAN_INPUT_FAIL;
    if (spec->conv == 'p' && c == '(') {
        /* What our printf (and glibc's) prints for a null pointer. */
        if (!match_word(sc, "nil)", false))
            return SCAN_MATCH_FAIL;
        if (!spec->suppress)
            *va_arg(*ap, void **) = NULL;
        return SCAN_OK;
    }
    bool negative = false;
    if (c == '+' || c == '-') {
        negative = c == '-';
        c = sc_get(sc);
    }

    bool any_digit = false;
    if ((base == 0 || base == 16) && c == '0') {
        any_digit = true;
        c = sc_get(sc);
        if (c == 'x' || c == 'X') {
            /* "0x" alone still reads as 0, as in glibc. */
            base = 16;
            c = sc_get(sc);
        } else if (base == 0) {
            base = 8;
        }
    }
    if (base == 0)
        base = 10;

    unsigned long long mag = 0;
    bool overflow = false;
    int d;
    while (c != FORMAT_EOF && (d = digit_value(c)) < base) {
        any_digit = true;
        /* The builtins check without a 64-bit division, which would need
         * a libgcc helper in the kernel. */
        unsigned long long next;
        if (__builtin_mul_overflow(mag, (unsigned)base, &next) ||
            __builtin_add_overflow(next, (unsigned)d, &next))
            overflow = true;
        else
            mag = next;
        c = sc_get(sc);
    }
    sc_unget(sc, c);
    if (!any_digit)
        return SCAN_MATCH_FAIL;
    if (spec->suppress)
        return SCAN_OK;

    if (spec->conv == 'd' || spec->conv == 'i') {
        store_signed(ap, spec->len,
                     saturate_signed(mag, overflow, negative, spec->len));
    } else {
        mag = saturate_unsigned(mag, overflow, negative, spec->len);
        if (spec->conv == 'p')
            *va_arg(*ap, void **) = (void *)(size_t)mag;
        else
            store_unsigned(ap, spec->len, mag);
    }
    return SCAN_OK;
}

/* c, s and [: copy characters into the argument, as bytes or, with 'l', as
 * wide characters (the "C" locale maps each byte to the same value). */
struct char_sink {
    char *narrow;
    scan_wchar *wide;
    size_t n;
};

static void char_sink_put(struct char_sink *s, int c)
{
    if (s->narrow)
        s->narrow[s->n] = (char)c;
    else if (s->wide)
        s->wide[s->n] = (scan_wchar)(unsigned char)c;
    s->n++;
}

static void char_sink_init(struct char_sink *s, const struct scan_spec *spec,
                           va_list *ap)
{
    s->narrow = NULL;
    s->wide = NULL;
    s->n = 0;
    if (spec->suppress)
        return;
    if (spec->len == SLEN_L)
        s->wide = va_arg(*ap, scan_wchar *);
    else
        s->narrow = va_arg(*ap, char *);
}

static enum scan_status scan_chars(struct scanner *sc,
                                   const struct scan_spec *spec, va_list *ap)
{
    int c = sc_get(sc);
    if (c == FORMAT_EOF)
        return SCAN_INPUT_FAIL;
    struct char_sink out;
    char_sink_init(&out, spec, ap);
    /* Fewer characters than the width before the end of the input still
     * count as a conversion in glibc; we follow it. */
    while (c != FORMAT_EOF) {
        char_sink_put(&out, c);
        c = sc_get(sc);
    }
    return SCAN_OK;
}

/* A set of byte values: for %s the non-space ones, for %[ the scanset. */
struct scan_set {
    unsigned char bits[32];
};

static bool set_has(const struct scan_set *set, int c)
{
    return set->bits[(unsigned char)c >> 3] & (1u << (c & 7));
}

static void set_add(struct scan_set *set, int c)
{
    set->bits[(unsigned char)c >> 3] |= (unsigned char)(1u << (c & 7));
}

/* Parses the scanset after "%[" and returns the position after its ']', or
 * NULL if the format ends first. A ']' right after '[' or '[^' is a member;
 * "a-z" is a range, but a '-' first, last, or in a reversed range such as
 * "z-a" stands for itself (glibc's reading of the implementation-defined
 * cases). */
static const char *parse_scanset(const char *f, struct scan_set *set)
{
    bool invert = false;
    memset(set, 0, sizeof(*set));
    if (*f == '^') {
        invert = true;
        f++;
    }
    const unsigned char *p = (const unsigned char *)f;
    if (*p == ']')
        set_add(set, *p++);
    for (; *p && *p != ']'; p++) {
        if (p[1] == '-' && p[2] && p[2] != ']' && p[0] <= p[2]) {
            for (int c = p[0]; c <= p[2]; c++)
                set_add(set, c);
            p += 2;
        } else {
            set_add(set, *p);
        }
    }
    if (!*p)
        return NULL;
    if (invert)
        for (size_t i = 0; i < sizeof(set->bits); i++)
            set->bits[i] = (unsigned char)~set->bits[i];
    return (const char *)p + 1;
}

/* s and [: the longest run of characters in the set, then a terminator. */
static enum scan_status scan_set_run(struct scanner *sc,
                                     const struct scan_spec *spec,
                                     const struct scan_set *set, va_list *ap)
{
    int c = sc_get(sc);
    if (c == FORMAT_EOF)
        return SCAN_INPUT_FAIL;
    if (!set_has(set, c)) {
        sc_unget(sc, c);
        return SCAN_MATCH_FAIL;
    }
    struct char_sink out;
    char_sink_init(&out, spec, ap);
    while (c != FORMAT_EOF && set_has(set, c)) {
        char_sink_put(&out, c);
        c = sc_get(sc);
    }
    sc_unget(sc, c);
    char_sink_put(&out, '\0');
    return SCAN_OK;
}

#ifndef FORMAT_NO_FLOAT
/* Floating-point fields are collected into a normalised text and handed to
 * strtod & co. Only the first FLOAT_SIG_MAX significant digits are kept, and
 * any non-zero digits beyond them become one trailing '1': a halfway point
 * between two doubles has at most 767 significant digits, so this "sticky"
 * digit preserves every rounding decision however long the input is. */
#define FLOAT_SIG_MAX 800

struct float_text {
    char buf[FLOAT_SIG_MAX + 40];
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
static long long read_exponent(struct scanner *sc, int *c)
{
    bool negative = false;
    long long e = 0;
    if (*c == '+' || *c == '-') {
        negative = *c == '-';
        *c = sc_get(sc);
    }
    while (*c != FORMAT_EOF && isdigit(*c)) {
        if (e < 100000000)
            e = e * 10 + (*c - '0');
        *c = sc_get(sc);
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
 * infinity or nan. Returns the status; SCAN_OK means out is complete. */
static enum scan_status collect_float(struct scanner *sc, char *out)
{
    int c = sc_get(sc);
    if (c == FORMAT_EOF)
        return SCAN_INPUT_FAIL;
    char *o = out;
    if (c == '+' || c == '-') {
        if (c == '-')
            *o++ = '-';
        c = sc_get(sc);
    }

    int lc = c == FORMAT_EOF ? c : tolower(c);
    if (lc == 'i' || lc == 'n') {
        /* "inf" may continue as "infinity", and once "infi" is read only
         * the full word will do. glibc does not take "nan(chars)" here. */
        bool ok = match_word(sc, lc == 'i' ? "nf" : "an", true);
        if (ok && lc == 'i') {
            c = sc_get(sc);
            if (c != FORMAT_EOF && tolower(c) == 'i')
                ok = match_word(sc, "nity", true);
            else
                sc_unget(sc, c);
        }
        if (!ok)
            return SCAN_MATCH_FAIL;
        strcpy(o, lc == 'i' ? "inf" : "nan");
        return SCAN_OK;
    }

    struct float_text t;
    t.ndigits = 0;
    t.scale = 0;
    t.sticky = false;
    bool hex = false, any_digit = false, any_point = false;
    if (c == '0') {
        c = sc_get(sc);
        if ((c == 'x' || c == 'X') && sc->width_left == 0) {
            /* The width leaves no room after the 'x': glibc then reads
             * just the 0 and leaves the 'x' in the input. */
            sc_unget(sc, c);
            any_digit = true;
            c = FORMAT_EOF;
        } else if (c == 'x' || c == 'X') {
            hex = true; /* and the 0 does not count as a mantissa digit */
            c = sc_get(sc);
        } else {
            any_digit = true;
        }
    }
    int (*is_radix_digit)(int) = hex ? isxdigit : isdigit;
    while (c != FORMAT_EOF && is_radix_digit(c)) {
        any_digit = true;
        float_text_digit(&t, c, false);
        c = sc_get(sc);
    }
    if (c == '.') {
        any_point = true;
        c = sc_get(sc);
        while (c != FORMAT_EOF && is_radix_digit(c)) {
            any_digit = true;
            float_text_digit(&t, c, true);
            c = sc_get(sc);
        }
    }
    /* glibc accepts "0x." as zero but not "0x" or a lone "." */
    if (!any_digit && !(hex && any_point)) {
        sc_unget(sc, c);
        return SCAN_MATCH_FAIL;
    }
    long long exp = 0;
    if (c != FORMAT_EOF && tolower(c) == (hex ? 'p' : 'e')) {
        /* An exponent marker without digits is consumed and ignored. */
        c = sc_get(sc);
        exp = read_exponent(sc, &c);
    }
    sc_unget(sc, c);

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
    return SCAN_OK;
}

static enum scan_status scan_float(struct scanner *sc,
                                   const struct scan_spec *spec, va_list *ap)
{
    char text[FLOAT_SIG_MAX + 48];
    enum scan_status st = collect_float(sc, text);
    if (st != SCAN_OK || spec->suppress)
        return st;
    /* strtof for float: rounding via double could round twice. */
    if (spec->len == SLEN_L)
        *va_arg(*ap, double *) = strtod(text, NULL);
    else if (spec->len == SLEN_BIG_L)
        *va_arg(*ap, long double *) = strtold(text, NULL);
    else
        *va_arg(*ap, float *) = strtof(text, NULL);
    return SCAN_OK;
}
#endif

static enum scan_length parse_scan_length(const char **f)
{
    const char *s = *f;
    enum scan_length len;
    switch (*s) {
    case 'h':
        len = s[1] == 'h' ? SLEN_HH : SLEN_H;
        break;
    case 'l':
        len = s[1] == 'l' ? SLEN_LL : SLEN_L;
        break;
    case 'j':
        len = SLEN_J;
        break;
    case 'z':
        len = SLEN_Z;
        break;
    case 't':
        len = SLEN_T;
        break;
    case 'L':
        len = SLEN_BIG_L;
        break;
    default:
        return SLEN_NONE;
    }
    *f = s + (len == SLEN_HH || len == SLEN_LL ? 2 : 1);
    return len;
}

/* Runs one conversion; *f points just past the '%'. Sets *assigned when
 * the conversion stored a value. */
static enum scan_status scan_conversion(struct scanner *sc, const char **f,
                                        va_list *ap, bool *assigned)
{
    struct scan_spec spec = {false, 0, SLEN_NONE, 0};
    const char *s = *f;
    if (*s == '*') {
        spec.suppress = true;
        s++;
    }
    while (isdigit((unsigned char)*s)) {
        if (spec.width < SCAN_INT_MAX / 10)
            spec.width = spec.width * 10 + (*s - '0');
        s++;
    }
    spec.len = parse_scan_length(&s);
    spec.conv = *s;
    if (!*s)
        return SCAN_MATCH_FAIL; /* format ends mid-specification */
    s++;

    struct scan_set set;
    if (spec.conv == '[') {
        s = parse_scanset(s, &set);
        if (!s)
            return SCAN_MATCH_FAIL;
    }
    *f = s;

    if (spec.conv == 'n') {
        if (!spec.suppress)
            store_signed(ap, spec.len, sc->consumed);
        return SCAN_OK;
    }
    /* All but c, [ and n first skip white space; %% does too. */
    if (spec.conv != 'c' && spec.conv != '[' && !sc_skip_space(sc))
        return SCAN_INPUT_FAIL;
    if (spec.conv == '%') {
        int c = sc_get(sc);
        if (c == '%')
            return SCAN_OK;
        sc_unget(sc, c);
        return c == FORMAT_EOF ? SCAN_INPUT_FAIL : SCAN_MATCH_FAIL;
    }

    sc->width_left = spec.width ? spec.width : -1;
    enum scan_status st;
    switch (spec.conv) {
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
    case 'p':
        st = scan_integer(sc, &spec, ap);
        break;
    case 'c':
        if (!spec.width)
            sc->width_left = 1;
        st = scan_chars(sc, &spec, ap);
        break;
    case 's':
        memset(&set, 0xff, sizeof(set));
        for (int c = 0; c < 256; c++)
            if (isspace(c))
                set.bits[c >> 3] &= (unsigned char)~(1u << (c & 7));
        st = scan_set_run(sc, &spec, &set, ap);
        break;
    case '[':
        st = scan_set_run(sc, &spec, &set, ap);
        break;
#ifndef FORMAT_NO_FLOAT
    case 'a':
    case 'A':
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
        st = scan_float(sc, &spec, ap);
        break;
#endif
    default:
        /* Unknown, or floating point in a build without it. */
        st = SCAN_MATCH_FAIL;
        break;
    }
    sc->width_left = -1;
    *assigned = st == SCAN_OK && !spec.suppress;
    return st;
}

int format_vscan_reader(const struct format_reader *in, const char *fmt,
                        va_list ap)
{
    struct scanner sc = {in, 0, -1};
    int assigned = 0;
    enum scan_status st = SCAN_OK;
    va_list args;
    va_copy(args, ap);

    const char *f = fmt;
    while (*f && st == SCAN_OK) {
        if (isspace((unsigned char)*f)) {
            /* White space in the format matches any amount, even none. */
            while (isspace((unsigned char)*f))
                f++;
            sc_skip_space(&sc);
        } else if (*f != '%') {
            int c = sc_get(&sc);
            if (c != (unsigned char)*f) {
                sc_unget(&sc, c);
                st = c == FORMAT_EOF ? SCAN_INPUT_FAIL : SCAN_MATCH_FAIL;
            }
            f++;
        } else {
            f++;
            bool stored = false;
            st = scan_conversion(&sc, &f, &args, &stored);
            assigned += stored;
        }
    }
    va_end(args);
    /* Like glibc: EOF when the input ran out before anything was assigned
     * (a suppressed conversion does not count). */
    if (st == SCAN_INPUT_FAIL && assigned == 0)
        return FORMAT_EOF;
    return assigned;
}
