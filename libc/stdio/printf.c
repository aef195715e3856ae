/* The printf family over the shared formatting engine (libc/format): the
 * engine produces text in pieces and a sink sends each piece to a stream,
 * a descriptor or a growing buffer. (snprintf and friends live with the
 * engine.) */
#include <errno.h>
#include <format.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdio_impl.h"

struct stream_sink {
    FILE *f;
    int failed;
};

static void stream_write(void *ctx, const char *s, size_t n)
{
    struct stream_sink *out = ctx;
    if (!out->failed && __stdio_write(out->f, s, n) != n)
        out->failed = 1;
}

/* The engine returns -1 only when the count would not fit in an int. */
static int finish(int n, int failed)
{
    if (failed)
        return -1;
    if (n < 0)
        errno = EOVERFLOW;
    return n;
}

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
    struct stream_sink out = { f, 0 };
    __stdio_lock(f);
    int n = format_vprint(stream_write, &out, fmt, ap);
    __stdio_unlock(f);
    return finish(n, out.failed);
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(f, fmt, ap);
    va_end(ap);
    return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
    return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(stdout, fmt, ap);
    va_end(ap);
    return n;
}

/* dprintf: through a small local buffer, written out whenever it fills. */
struct fd_sink {
    int fd;
    int failed;
    size_t used;
    char buf[256];
};

static void fd_flush(struct fd_sink *out)
{
    size_t done = 0;
    while (!out->failed && done < out->used) {
        ssize_t w = write(out->fd, out->buf + done, out->used - done);
        if (w <= 0)
            out->failed = 1;
        else
            done += (size_t)w;
    }
    out->used = 0;
}

static void fd_write(void *ctx, const char *s, size_t n)
{
    struct fd_sink *out = ctx;
    while (n > 0 && !out->failed) {
        if (out->used == sizeof(out->buf))
            fd_flush(out);
        size_t room = sizeof(out->buf) - out->used;
        size_t chunk = n < room ? n : room;
        memcpy(out->buf + out->used, s, chunk);
        out->used += chunk;
        s += chunk;
        n -= chunk;
    }
}

int vdprintf(int fd, const char *restrict fmt, va_list ap)
{
    struct fd_sink out = { .fd = fd };
    int n = format_vprint(fd_write, &out, fmt, ap);
    fd_flush(&out);
    return finish(n, out.failed);
}

int dprintf(int fd, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vdprintf(fd, fmt, ap);
    va_end(ap);
    return n;
}

/* asprintf: into a buffer that doubles as needed. */
struct grow_sink {
    char *buf;
    size_t len, cap;
    int failed;
};

static void grow_write(void *ctx, const char *s, size_t n)
{
    struct grow_sink *out = ctx;
    if (out->failed)
        return;
    if (out->len + n + 1 > out->cap) {
        size_t cap = out->cap ? out->cap : 64;
        while (cap < out->len + n + 1)
            cap *= 2;
        char *bigger = realloc(out->buf, cap);
        if (!bigger) {
            out->failed = 1;
            return;
        }
        out->buf = bigger;
        out->cap = cap;
    }
    memcpy(out->buf + out->len, s, n);
    out->len += n;
}

int vasprintf(char **restrict result, const char *restrict fmt, va_list ap)
{
    struct grow_sink out = { 0 };
    int n = format_vprint(grow_write, &out, fmt, ap);
    if (!out.failed && n >= 0 && !out.buf) {
        out.buf = malloc(1);  /* empty output still gets a string */
        out.failed = !out.buf;
    }
    if (out.failed || n < 0) {
        free(out.buf);
        *result = NULL;
        return finish(n < 0 ? n : -1, out.failed);
    }
    out.buf[out.len] = '\0';
    *result = out.buf;
    return n;
}

int asprintf(char **restrict result, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vasprintf(result, fmt, ap);
    va_end(ap);
    return n;
}
