/* The printf engine: parses conversion specifications and formats integers,
 * characters, strings and pointers. Floating point lives in format_float.c so
 * that the kernel, built with FORMAT_NO_FLOAT, never sees it.
 *
 * The behaviour follows C11 and, where C leaves a choice, glibc, so that the
 * host tests can compare against the host's printf byte for byte. */
#include <format.h>
#include <string.h>

/* The compiler's types and limits rather than <stdint.h>/<limits.h>: the host
 * tests compile this file in hosted mode, where GCC's versions of those
 * headers defer to a C library header that is not there. */
typedef __INTMAX_TYPE__ format_intmax;
typedef __UINTMAX_TYPE__ format_uintmax;
typedef __PTRDIFF_TYPE__ format_ptrdiff;
typedef __WINT_TYPE__ format_wint;
typedef __WCHAR_TYPE__ format_wchar;
#define FORMAT_INT_MAX __INT_MAX__

/* Every integer travels through unsigned long long: it must be the widest. */
_Static_assert(sizeof(format_uintmax) == sizeof(unsigned long long),
               "intmax_t wider than long long");
_Static_assert(sizeof(format_ptrdiff) == sizeof(size_t),
               "no signed type matches size_t");

void format_emit(struct format_out *out, const char *s, size_t n)
{
    if (n) {
        out->sink(out->ctx, s, n);
        out->total += n;
    }
}

void format_pad(struct format_out *out, char c, long long n)
{
    char chunk[32];
    if (n <= 0)
        return;
    memset(chunk, c, sizeof(chunk));
    while (n > 0) {
        size_t step = n < (long long)sizeof(chunk) ? (size_t)n : sizeof(chunk);
        format_emit(out, chunk, step);
        n -= (long long)step;
    }
}

unsigned format_divmod(unsigned long long *v, unsigned d)
{
    unsigned long long x = *v;
    unsigned hi = (unsigned)(x >> 32), lo = (unsigned)x;
    if (!hi) {
        *v = lo / d;
        return lo % d;
    }
    /* Long division in 16-bit steps: each partial dividend is below
     * d * 2^16 <= 2^32, so it fits a 32-bit division. */
    unsigned q_hi = hi / d, r = hi % d;
    unsigned t = (r << 16) | (lo >> 16);
    unsigned q_mid = t / d;
    r = t % d;
    t = (r << 16) | (lo & 0xffff);
    unsigned q_lo = t / d;
    r = t % d;
    *v = ((unsigned long long)q_hi << 32) | (q_mid << 16) | q_lo;
    return r;
}

/* Length modifiers, normalised. */
enum format_length {
    LEN_NONE,
    LEN_HH,
    LEN_H,
    LEN_L,
    LEN_LL,
    LEN_J,
    LEN_Z,
    LEN_T,
    LEN_BIG_L,
};

/* Fetches a signed integer argument of the given length, widened. */
static long long fetch_signed(va_list *ap, enum format_length len)
{
    switch (len) {
    case LEN_HH:
        return (signed char)va_arg(*ap, int);
    case LEN_H:
        return (short)va_arg(*ap, int);
    case LEN_L:
        return va_arg(*ap, long);
    case LEN_LL:
    case LEN_BIG_L: /* glibc accepts %Ld as a synonym for %lld */
        return va_arg(*ap, long long);
    case LEN_J:
        return va_arg(*ap, format_intmax);
    case LEN_Z:
        return (format_ptrdiff)va_arg(*ap, size_t);
    case LEN_T:
        return va_arg(*ap, format_ptrdiff);
    default:
        return va_arg(*ap, int);
    }
}

static unsigned long long fetch_unsigned(va_list *ap, enum format_length len)
{
    switch (len) {
    case LEN_HH:
        return (unsigned char)va_arg(*ap, unsigned);
    case LEN_H:
        return (unsigned short)va_arg(*ap, unsigned);
    case LEN_L:
        return va_arg(*ap, unsigned long);
    case LEN_LL:
    case LEN_BIG_L:
        return va_arg(*ap, unsigned long long);
    case LEN_J:
        return va_arg(*ap, format_uintmax);
    case LEN_Z:
        return va_arg(*ap, size_t);
    case LEN_T:
        return (size_t)va_arg(*ap, format_ptrdiff);
    default:
        return va_arg(*ap, unsigned);
    }
}

/* Lays out an integer: [spaces][prefix][zeros][digits][spaces]. Used for
 * d i u o x X and p. */
static void emit_integer(struct format_out *out, const struct format_spec *spec,
                         unsigned long long value, int negative)
{
    static const char lower[] = "0123456789abcdef";
    static const char upper[] = "0123456789ABCDEF";
    const char *digit_set = spec->conv == 'X' ? upper : lower;
    unsigned base = 10;
    if (spec->conv == 'o')
        base = 8;
    else if (spec->conv == 'x' || spec->conv == 'X' || spec->conv == 'p')
        base = 16;

    char digits[24]; /* 22 octal digits hold 64 bits */
    int ndigits = 0;
    int is_zero = value == 0;
    /* An explicit precision of 0 prints nothing at all for the value 0. */
    if (!(is_zero && spec->precision == 0)) {
        do {
            digits[sizeof(digits) - 1 - ndigits++] =
                digit_set[format_divmod(&value, base)];
        } while (value);
    }

    char prefix[3];
    int nprefix = 0;
    int is_signed = spec->conv == 'd' || spec->conv == 'i' || spec->conv == 'p';
    if (negative)
        prefix[nprefix++] = '-';
    else if (is_signed && (spec->flags & FORMAT_PLUS))
        prefix[nprefix++] = '+';
    else if (is_signed && (spec->flags & FORMAT_SPACE))
        prefix[nprefix++] = ' ';
    if (spec->conv == 'p' ||
        ((spec->flags & FORMAT_ALT) && !is_zero &&
         (spec->conv == 'x' || spec->conv == 'X'))) {
        prefix[nprefix++] = '0';
        prefix[nprefix++] = spec->conv == 'X' ? 'X' : 'x';
    }

    long long zeros = spec->precision > ndigits ? spec->precision - ndigits : 0;
    /* '#' with 'o' raises the precision just enough to start with a 0. */
    if (spec->conv == 'o' && (spec->flags & FORMAT_ALT) && zeros == 0 &&
        (ndigits == 0 || digits[sizeof(digits) - ndigits] != '0'))
        zeros = 1;

    long long len = nprefix + zeros + ndigits;
    long long fill = spec->width - len;
    /* The '0' flag is ignored when a precision is given or '-' is present. */
    if ((spec->flags & FORMAT_ZERO) && !(spec->flags & FORMAT_LEFT) &&
        spec->precision < 0) {
        zeros += fill > 0 ? fill : 0;
        fill = 0;
    }
    if (!(spec->flags & FORMAT_LEFT))
        format_pad(out, ' ', fill);
    format_emit(out, prefix, (size_t)nprefix);
    format_pad(out, '0', zeros);
    format_emit(out, digits + sizeof(digits) - ndigits, (size_t)ndigits);
    if (spec->flags & FORMAT_LEFT)
        format_pad(out, ' ', fill);
}

/* Pads text of length len to the field width; used for c, s and "(nil)". The
 * '0' flag does not apply to these (glibc pads them with spaces too). */
static void emit_padded(struct format_out *out, const struct format_spec *spec,
                        const char *s, size_t len)
{
    long long fill = spec->width - (long long)len;
    if (!(spec->flags & FORMAT_LEFT))
        format_pad(out, ' ', fill);
    format_emit(out, s, len);
    if (spec->flags & FORMAT_LEFT)
        format_pad(out, ' ', fill);
}

/* Only the "C" locale exists, whose multibyte encoding is ASCII: a wide
 * character outside it cannot be converted, which makes printf fail. */
static int wide_to_byte(format_wint wc, char *byte)
{
    if ((unsigned long)wc > 0x7f)
        return -1;
    *byte = (char)wc;
    return 0;
}

static void emit_wide_string(struct format_out *out,
                             const struct format_spec *spec,
                             const format_wchar *ws)
{
    /* The precision counts output bytes; stop reading there, the array need
     * not be terminated. Every character converts to exactly one byte. */
    size_t len = 0;
    while ((spec->precision < 0 || len < (size_t)spec->precision) && ws[len])
        len++;
    long long fill = spec->width - (long long)len;
    if (!(spec->flags & FORMAT_LEFT))
        format_pad(out, ' ', fill);
    for (size_t i = 0; i < len; i++) {
        char c;
        if (wide_to_byte((format_wint)ws[i], &c) < 0) {
            out->error = 1;
            return;
        }
        format_emit(out, &c, 1);
    }
    if (spec->flags & FORMAT_LEFT)
        format_pad(out, ' ', fill);
}

static void emit_string(struct format_out *out, const struct format_spec *spec,
                        enum format_length len, va_list *ap)
{
    if (len == LEN_L) {
        const format_wchar *ws = va_arg(*ap, const format_wchar *);
        if (ws) {
            emit_wide_string(out, spec, ws);
            return;
        }
    } else {
        const char *s = va_arg(*ap, const char *);
        if (s) {
            size_t n = spec->precision < 0
                           ? strlen(s)
                           : strnlen(s, (size_t)spec->precision);
            emit_padded(out, spec, s, n);
            return;
        }
    }
    /* A null pointer is undefined behaviour; print a marker like glibc, which
     * prints nothing if the precision would truncate the marker. */
    static const char null_text[] = "(null)";
    size_t n = sizeof(null_text) - 1;
    if (spec->precision >= 0 && (size_t)spec->precision < n)
        n = 0;
    emit_padded(out, spec, null_text, n);
}

static void store_count(va_list *ap, enum format_length len,
                        unsigned long long total)
{
    switch (len) {
    case LEN_HH:
        *va_arg(*ap, signed char *) = (signed char)total;
        break;
    case LEN_H:
        *va_arg(*ap, short *) = (short)total;
        break;
    case LEN_L:
        *va_arg(*ap, long *) = (long)total;
        break;
    case LEN_LL:
    case LEN_BIG_L:
        *va_arg(*ap, long long *) = (long long)total;
        break;
    case LEN_J:
        *va_arg(*ap, format_intmax *) = (format_intmax)total;
        break;
    case LEN_Z:
        *va_arg(*ap, format_ptrdiff *) = (format_ptrdiff)total;
        break;
    case LEN_T:
        *va_arg(*ap, format_ptrdiff *) = (format_ptrdiff)total;
        break;
    default:
        *va_arg(*ap, int *) = (int)total;
        break;
    }
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads a decimal field width or precision, saturating instead of
 * overflowing on absurd values. */
static int parse_number(const char **p)
{
    long long n = 0;
    while (is_digit(**p)) {
        n = n * 10 + (**p - '0');
        if (n > FORMAT_INT_MAX)
            n = FORMAT_INT_MAX;
        (*p)++;
    }
    return (int)n;
}

static enum format_length parse_length(const char **p)
{
    const char *s = *p;
    enum format_length len = LEN_NONE;
    switch (*s) {
    case 'h':
        len = s[1] == 'h' ? LEN_HH : LEN_H;
        break;
    case 'l':
        len = s[1] == 'l' ? LEN_LL : LEN_L;
        break;
    case 'j':
        len = LEN_J;
        break;
    case 'z':
        len = LEN_Z;
        break;
    case 't':
        len = LEN_T;
        break;
    case 'L':
        len = LEN_BIG_L;
        break;
    default:
        return LEN_NONE;
    }
    *p = s + (len == LEN_HH || len == LEN_LL ? 2 : 1);
    return len;
}

enum convert_status { CONVERT_OK, CONVERT_UNKNOWN, CONVERT_TRUNCATED };

/* Handles one specification; *p points just past the '%' and is advanced past
 * the conversion character. */
static enum convert_status convert(struct format_out *out, const char **p,
                                   va_list *ap)
{
    struct format_spec spec = {0, 0, -1, 0};
    const char *s = *p;

    for (;; s++) {
        if (*s == '-')
            spec.flags |= FORMAT_LEFT;
        else if (*s == '+')
            spec.flags |= FORMAT_PLUS;
        else if (*s == ' ')
            spec.flags |= FORMAT_SPACE;
        else if (*s == '#')
            spec.flags |= FORMAT_ALT;
        else if (*s == '0')
            spec.flags |= FORMAT_ZERO;
        else
            break;
    }
    if (*s == '*') {
        int w = va_arg(*ap, int);
        s++;
        /* A negative width argument is a '-' flag plus a positive width. */
        if (w < 0) {
            spec.flags |= FORMAT_LEFT;
            w = w == -FORMAT_INT_MAX - 1 ? FORMAT_INT_MAX : -w;
        }
        spec.width = w;
    } else {
        spec.width = parse_number(&s);
    }
    if (*s == '.') {
        s++;
        if (*s == '*') {
            int prec = va_arg(*ap, int);
            s++;
            spec.precision = prec < 0 ? -1 : prec; /* negative: as if omitted */
        } else {
            spec.precision = parse_number(&s);
        }
    }
    enum format_length len = parse_length(&s);
    spec.conv = *s;
    if (!*s) {
        *p = s;
        return CONVERT_TRUNCATED;
    }
    *p = ++s;

    switch (spec.conv) {
    case 'd':
    case 'i': {
        long long v = fetch_signed(ap, len);
        /* Negate in unsigned arithmetic so that LLONG_MIN works. */
        unsigned long long mag = v < 0 ? -(unsigned long long)v
                                       : (unsigned long long)v;
        emit_integer(out, &spec, mag, v < 0);
        return CONVERT_OK;
    }
    case 'u':
    case 'o':
    case 'x':
    case 'X':
        emit_integer(out, &spec, fetch_unsigned(ap, len), 0);
        return CONVERT_OK;
    case 'p': {
        void *ptr = va_arg(*ap, void *);
        if (!ptr) {
            static const char nil[] = "(nil)";
            emit_padded(out, &spec, nil, sizeof(nil) - 1);
        } else {
            emit_integer(out, &spec, (unsigned long long)(size_t)ptr, 0);
        }
        return CONVERT_OK;
    }
    case 'c': {
        char c;
        if (len == LEN_L) {
            if (wide_to_byte(va_arg(*ap, format_wint), &c) < 0) {
                out->error = 1;
                return CONVERT_OK;
            }
        } else {
            c = (char)va_arg(*ap, int);
        }
        emit_padded(out, &spec, &c, 1);
        return CONVERT_OK;
    }
    case 's':
        emit_string(out, &spec, len, ap);
        return CONVERT_OK;
    case 'n':
        store_count(ap, len, out->total);
        return CONVERT_OK;
    case '%':
        /* glibc ignores flags and width here; so do we. */
        format_emit(out, "%", 1);
        return CONVERT_OK;
#ifndef FORMAT_NO_FLOAT
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G':
    case 'a':
    case 'A': {
        double v = len == LEN_BIG_L ? (double)va_arg(*ap, long double)
                                    : va_arg(*ap, double);
        format_float(out, &spec, v);
        return CONVERT_OK;
    }
#endif
    default:
        /* Unknown (or, without floating point, unsupported) conversions
         * consume no argument: the argument type is not known. */
        return CONVERT_UNKNOWN;
    }
}

int format_vprint(format_sink_fn sink, void *ctx, const char *fmt, va_list ap)
{
    struct format_out out = {sink, ctx, 0, 0};
    va_list args;
    /* va_list may be an array type: work on a copy we can pass by address. */
    va_copy(args, ap);
    const char *p = fmt;
    while (*p && !out.error) {
        const char *start = p;
        while (*p && *p != '%')
            p++;
        format_emit(&out, start, (size_t)(p - start));
        if (!*p)
            break;
        const char *spec_start = p++;
        int status = convert(&out, &p, &args);
        /* An unknown conversion is copied through verbatim, but one cut
         * short by the end of the format is an error, as in glibc. */
        if (status == CONVERT_UNKNOWN)
            format_emit(&out, spec_start, (size_t)(p - spec_start));
        else if (status == CONVERT_TRUNCATED)
            out.error = 1;
    }
    va_end(args);
    if (out.error || out.total > (unsigned long long)FORMAT_INT_MAX)
        return -1;
    return (int)out.total;
}

int format_print(format_sink_fn sink, void *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = format_vprint(sink, ctx, fmt, ap);
    va_end(ap);
    return n;
}
