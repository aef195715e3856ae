/* warn/err and their x and v forms. The whole message goes out under one
 * stream lock, so lines from several threads do not interleave. */
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

static void report(int with_errno, const char *fmt, va_list ap)
{
    int saved = errno;
    flockfile(stderr);
    fprintf(stderr, "%s: ", program_invocation_short_name);
    if (fmt)
        vfprintf(stderr, fmt, ap);
    if (with_errno)
        fprintf(stderr, "%s%s", fmt ? ": " : "", strerror(saved));
    fputc('\n', stderr);
    funlockfile(stderr);
    errno = saved;
}

void vwarn(const char *fmt, va_list ap)
{
    report(1, fmt, ap);
}

void vwarnx(const char *fmt, va_list ap)
{
    report(0, fmt, ap);
}

void warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(1, fmt, ap);
    va_end(ap);
}

void warnx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(0, fmt, ap);
    va_end(ap);
}

void verr(int status, const char *fmt, va_list ap)
{
    report(1, fmt, ap);
    exit(status);
}

void verrx(int status, const char *fmt, va_list ap)
{
    report(0, fmt, ap);
    exit(status);
}

void err(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verr(status, fmt, ap);
}

void errx(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verrx(status, fmt, ap);
}
