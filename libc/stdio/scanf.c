/* The scanf family over a stream: the shared scan engine (libc/format)
 * reads through getc/ungetc callbacks on the locked stream. */
#include <format.h>

#include "stdio_impl.h"

static int stream_getc(void *ctx)
{
    return __stdio_getc(ctx);
}

static void stream_ungetc(int c, void *ctx)
{
    __stdio_ungetc(c, ctx);
}

int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    struct format_reader in = { stream_getc, stream_ungetc, f };
    __stdio_lock(f);
    int n = format_vscan_reader(&in, fmt, ap);
    __stdio_unlock(f);
    return n;
}

int fscanf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfscanf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vscanf(const char *restrict fmt, va_list ap)
{
    return vfscanf(stdin, fmt, ap);
}

int scanf(const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfscanf(stdin, fmt, ap);
    va_end(ap);
    return n;
}
