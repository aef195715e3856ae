/* The string-input members of the scanf family, on top of the reader-based
 * engine. */
#include <format.h>

struct string_reader {
    const unsigned char *s;
};

/* The terminator is the end of the input and is never consumed, so reading
 * past the end keeps returning FORMAT_EOF. */
static int string_getc(void *ctx)
{
    struct string_reader *r = ctx;
    if (!*r->s)
        return FORMAT_EOF;
    return *r->s++;
}

/* The engine only ever gives back the character it just read. */
static void string_ungetc(int c, void *ctx)
{
    struct string_reader *r = ctx;
    (void)c;
    r->s--;
}

int format_vscan(const char *input, const char *fmt, va_list ap)
{
    struct string_reader r = {(const unsigned char *)input};
    struct format_reader reader = {string_getc, string_ungetc, &r};
    return format_vscan_reader(&reader, fmt, ap);
}

int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap)
{
    return format_vscan(s, fmt, ap);
}

int sscanf(const char *restrict s, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = format_vscan(s, fmt, ap);
    va_end(ap);
    return n;
}
