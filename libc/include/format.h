/* The formatting engines behind printf and scanf, shared by the kernel (printk,
 * which is built with FORMAT_NO_FLOAT because the kernel never touches the
 * FPU) and by the user-space libc (whose stdio wraps them around FILEs).
 *
 * The printf side writes through a sink callback, so the same code serves a
 * bounded buffer, a console and a FILE. The scanf side reads through a
 * getc/ungetc pair for the same reason. Everything here is pure: no errno, no
 * allocation, no system calls. */
#ifndef _FORMAT_H
#define _FORMAT_H

#include <stdarg.h>
#define __need_size_t
#define __need_NULL
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- printf ------------------------------------------------------------ */

/* Receives the output in pieces; n may be zero-terminated text or not. */
typedef void (*format_sink_fn)(void *ctx, const char *s, size_t n);

/* Formats like vprintf, sending the text to sink. Returns the number of
 * characters produced, or -1 if that exceeds INT_MAX or a wide character
 * cannot be represented in the "C" locale. */
int format_vprint(format_sink_fn sink, void *ctx, const char *fmt, va_list ap);
int format_print(format_sink_fn sink, void *ctx, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));

/* Standard C; <stdio.h> declares them too. */
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              va_list ap);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

/* ---- scanf ------------------------------------------------------------- */

/* What getc returns at the end of the input (the value of EOF). */
#define FORMAT_EOF (-1)

/* The scan engine never needs more than one character of push-back: ungetc
 * is only ever called with the character that the last getc returned. */
struct format_reader {
    int (*getc)(void *ctx);
    void (*ungetc)(int c, void *ctx);
    void *ctx;
};

/* Scans like vfscanf: returns the number of assigned conversions, or
 * FORMAT_EOF if the input ended before the first conversion. */
int format_vscan_reader(const struct format_reader *in, const char *fmt,
                        va_list ap);
/* The same over a string, i.e. vsscanf. */
int format_vscan(const char *input, const char *fmt, va_list ap);

int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap);
int sscanf(const char *restrict s, const char *restrict fmt, ...)
    __attribute__((__format__(__scanf__, 2, 3)));

/* ---- engine internals, shared between the files of libc/format --------- */

/* Output state: the running total is wider than int so that overflowing
 * INT_MAX is detected rather than wrapped. */
struct format_out {
    format_sink_fn sink;
    void *ctx;
    unsigned long long total;
    int error;
};

void format_emit(struct format_out *out, const char *s, size_t n);
/* Emits c n times; n <= 0 emits nothing, so callers can pass width - len. */
void format_pad(struct format_out *out, char c, long long n);

enum {
    FORMAT_LEFT = 1 << 0,  /* '-' */
    FORMAT_PLUS = 1 << 1,  /* '+' */
    FORMAT_SPACE = 1 << 2, /* ' ' */
    FORMAT_ALT = 1 << 3,   /* '#' */
    FORMAT_ZERO = 1 << 4,  /* '0' */
};

/* One parsed conversion specification. precision < 0 means none given. */
struct format_spec {
    unsigned flags;
    int width;
    int precision;
    char conv;
};

/* Divides *v by d (2 <= d <= 65536) and returns the remainder, using only
 * 32-bit divisions so that the kernel needs no libgcc helper for 64-bit
 * division. */
unsigned format_divmod(unsigned long long *v, unsigned d);

/* The scan engine's view of its input: a reader plus the bookkeeping that
 * %n and field widths need. */
struct format_scanner {
    const struct format_reader *in;
    long long consumed; /* characters read and not given back */
    int width_left;     /* of the current field; -1 for no limit */
};

enum format_scan_status {
    FORMAT_SCAN_OK,
    FORMAT_SCAN_MATCH_FAIL, /* input did not fit: stop, report assignments */
    FORMAT_SCAN_INPUT_FAIL, /* input ended: EOF if nothing was assigned yet */
};

/* Next character of the current field, or FORMAT_EOF at the end of the
 * input or of the field width. */
int format_scan_getc(struct format_scanner *sc);
/* Gives back the character the last format_scan_getc returned. */
void format_scan_ungetc(struct format_scanner *sc, int c);
/* Reads the characters of word (case-insensitively if fold); returns 0 at
 * the first one that differs. */
int format_scan_match_word(struct format_scanner *sc, const char *word,
                           int fold);

#ifndef FORMAT_NO_FLOAT
/* Reads a floating-point field (decimal, hex, inf, nan) and writes it to out
 * as text for strtod, normalised so that it fits however long the field. */
#define FORMAT_FLOAT_TEXT_MAX 860
enum format_scan_status format_scan_float_text(struct format_scanner *sc,
                                               char *out);

/* Converts v for one of f F e E g G a A. long double arguments arrive here
 * already narrowed to double: Kestrel formats them with double precision. */
void format_float(struct format_out *out, const struct format_spec *spec,
                  double v);

/* The exact decimal expansion of a finite, non-negative double:
 * value = 0.d1 d2 ... dn x 10^exp, with d1 != 0 unless the value is zero (then
 * digits is "0" and exp is 1). A double has at most 767 significant digits. */
#define FORMAT_DECIMAL_MAX 770
struct format_decimal {
    char digits[FORMAT_DECIMAL_MAX]; /* ASCII '0'..'9', not terminated */
    int len;
    int exp;
};

void format_decimal_from_double(struct format_decimal *dec, double v);
/* Rounds dec to its first keep digits (keep may be <= 0: the digits are then
 * all dropped and the value rounds to zero or to one unit at that position),
 * with ties to even, as glibc does in the default rounding mode. The result
 * has no trailing-digit guarantees; a value that rounds to zero has len 0. */
void format_decimal_round(struct format_decimal *dec, int keep);
#endif

#ifdef __cplusplus
}
#endif

#endif
