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

/* A field ends at the end of the input or of its width alike. */
int format_scan_getc(struct format_scanner *sc)
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

/* Ungetting FORMAT_EOF is a no-op, which lets callers give back whatever
 * format_scan_getc last returned. */
void format_scan_ungetc(struct format_scanner *sc, int c)
{
    if (c == FORMAT_EOF)
        return;
    sc->in->ungetc(c, sc->in->ctx);
    sc->consumed--;
    if (sc->width_left >= 0)
        sc->width_left++;
}

/* Skips white space; reports whether any input is left. */
static bool skip_space(struct format_scanner *sc)
{
    int c;
    do
        c = format_scan_getc(sc);
    while (c != FORMAT_EOF && isspace(c));
    format_scan_ungetc(sc, c);
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

/* A mismatch stays consumed: push-back is limited to one character. */
int format_scan_match_word(struct format_scanner *sc, const char *word,
                           int fold)
{
    for (; *word; word++) {
        int c = format_scan_getc(sc);
        if (c == FORMAT_EOF || (fold ? tolower(c) : c) != *word) {
            format_scan_ungetc(sc, c);
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
    unsigned long long max = (unsigned long long)SCAN_LONG_MAX;
    if (wide_length(len))
        max = (unsigned long long)SCAN_LLONG_MAX;
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
static enum format_scan_status scan_integer(struct format_scanner *sc,
                                     const struct scan_spec *spec, va_list *ap)
{
    int base = 10;
    if (spec->conv == 'i')
        base = 0;
    else if (spec->conv == 'o')
        base = 8;
    else if (spec->conv == 'x' || spec->conv == 'X' || spec->conv == 'p')
        base = 16;

    int c = format_scan_getc(sc);
    if (c == FORMAT_EOF)
        return FORMAT_SCAN_INPUT_FAIL;
    if (spec->conv == 'p' && c == '(') {
        /* What our printf (and glibc's) prints for a null pointer. */
        if (!format_scan_match_word(sc, "nil)", false))
            return FORMAT_SCAN_MATCH_FAIL;
        if (!spec->suppress)
            *va_arg(*ap, void **) = NULL;
        return FORMAT_SCAN_OK;
    }
    bool negative = false;
    if (c == '+' || c == '-') {
        negative = c == '-';
        c = format_scan_getc(sc);
    }

    bool any_digit = false;
    if ((base == 0 || base == 16) && c == '0') {
        any_digit = true;
        c = format_scan_getc(sc);
        if (c == 'x' || c == 'X') {
            /* "0x" alone still reads as 0, as in glibc. */
            base = 16;
            c = format_scan_getc(sc);
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
        c = format_scan_getc(sc);
    }
    format_scan_ungetc(sc, c);
    if (!any_digit)
        return FORMAT_SCAN_MATCH_FAIL;
    if (spec->suppress)
        return FORMAT_SCAN_OK;

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
    return FORMAT_SCAN_OK;
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

static enum format_scan_status scan_chars(struct format_scanner *sc,
                                   const struct scan_spec *spec, va_list *ap)
{
    int c = format_scan_getc(sc);
    if (c == FORMAT_EOF)
        return FORMAT_SCAN_INPUT_FAIL;
    struct char_sink out;
    char_sink_init(&out, spec, ap);
    /* Fewer characters than the width before the end of the input still
     * count as a conversion in glibc; we follow it. */
    while (c != FORMAT_EOF) {
        char_sink_put(&out, c);
        c = format_scan_getc(sc);
    }
    return FORMAT_SCAN_OK;
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
static enum format_scan_status scan_set_run(struct format_scanner *sc,
                                     const struct scan_spec *spec,
                                     const struct scan_set *set, va_list *ap)
{
    int c = format_scan_getc(sc);
    if (c == FORMAT_EOF)
        return FORMAT_SCAN_INPUT_FAIL;
    if (!set_has(set, c)) {
        format_scan_ungetc(sc, c);
        return FORMAT_SCAN_MATCH_FAIL;
    }
    struct char_sink out;
    char_sink_init(&out, spec, ap);
    while (c != FORMAT_EOF && set_has(set, c)) {
        char_sink_put(&out, c);
        c = format_scan_getc(sc);
    }
    format_scan_ungetc(sc, c);
    char_sink_put(&out, '\0');
    return FORMAT_SCAN_OK;
}

#ifndef FORMAT_NO_FLOAT
static enum format_scan_status scan_float(struct format_scanner *sc,
                                   const struct scan_spec *spec, va_list *ap)
{
    char text[FORMAT_FLOAT_TEXT_MAX];
    enum format_scan_status st = format_scan_float_text(sc, text);
    if (st != FORMAT_SCAN_OK || spec->suppress)
        return st;
    /* strtof for float: rounding via double could round twice. */
    if (spec->len == SLEN_L)
        *va_arg(*ap, double *) = strtod(text, NULL);
    else if (spec->len == SLEN_BIG_L)
        *va_arg(*ap, long double *) = strtold(text, NULL);
    else
        *va_arg(*ap, float *) = strtof(text, NULL);
    return FORMAT_SCAN_OK;
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
static enum format_scan_status scan_conversion(struct format_scanner *sc,
                                               const char **f, va_list *ap,
                                               bool *assigned)
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
        return FORMAT_SCAN_MATCH_FAIL; /* format ends mid-specification */
    s++;

    struct scan_set set;
    if (spec.conv == '[') {
        s = parse_scanset(s, &set);
        if (!s)
            return FORMAT_SCAN_MATCH_FAIL;
    }
    *f = s;

    if (spec.conv == 'n') {
        if (!spec.suppress)
            store_signed(ap, spec.len, sc->consumed);
        return FORMAT_SCAN_OK;
    }
    /* All but c, [ and n first skip white space; %% does too. */
    if (spec.conv != 'c' && spec.conv != '[' && !skip_space(sc))
        return FORMAT_SCAN_INPUT_FAIL;
    if (spec.conv == '%') {
        int c = format_scan_getc(sc);
        if (c == '%')
            return FORMAT_SCAN_OK;
        format_scan_ungetc(sc, c);
        return c == FORMAT_EOF ? FORMAT_SCAN_INPUT_FAIL
                               : FORMAT_SCAN_MATCH_FAIL;
    }

    sc->width_left = spec.width ? spec.width : -1;
    enum format_scan_status st;
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
        st = FORMAT_SCAN_MATCH_FAIL;
        break;
    }
    sc->width_left = -1;
    *assigned = st == FORMAT_SCAN_OK && !spec.suppress;
    return st;
}

int format_vscan_reader(const struct format_reader *in, const char *fmt,
                        va_list ap)
{
    struct format_scanner sc = {in, 0, -1};
    int assigned = 0;
    enum format_scan_status st = FORMAT_SCAN_OK;
    va_list args;
    va_copy(args, ap);

    const char *f = fmt;
    while (*f && st == FORMAT_SCAN_OK) {
        if (isspace((unsigned char)*f)) {
            /* White space in the format matches any amount, even none. */
            while (isspace((unsigned char)*f))
                f++;
            skip_space(&sc);
        } else if (*f != '%') {
            int c = format_scan_getc(&sc);
            if (c != (unsigned char)*f) {
                format_scan_ungetc(&sc, c);
                st = c == FORMAT_EOF ? FORMAT_SCAN_INPUT_FAIL
                                     : FORMAT_SCAN_MATCH_FAIL;
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
    if (st == FORMAT_SCAN_INPUT_FAIL && assigned == 0)
        return FORMAT_EOF;
    return assigned;
}
