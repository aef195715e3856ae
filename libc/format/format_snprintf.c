/* The string-output members of the printf family, on top of format_vprint. */
#include <format.h>
#include <string.h>

struct bounded_buf {
    char *buf;
    size_t size; /* room for text, excluding the terminator */
    size_t used;
};

/* Keeps what fits and silently drops the rest: the engine goes on counting,
 * which is how snprintf reports the length it would have needed. */
static void bounded_sink(void *ctx, const char *s, size_t n)
{
    struct bounded_buf *b = ctx;
    size_t room = b->size - b->used;
    if (n > room)
        n = room;
    if (!n)
        return; /* also keeps a null buf (size 0) out of the arithmetic */
    memcpy(b->buf + b->used, s, n);
    b->used += n;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
              va_list ap)
{
    /* With size 0 nothing is written, not even a terminator, and buf may be
     * a null pointer. */
    struct bounded_buf b = {buf, size ? size - 1 : 0, 0};
    int n = format_vprint(bounded_sink, &b, fmt, ap);
    if (size)
        buf[b.used] = '\0';
    return n;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static void unbounded_sink(void *ctx, const char *s, size_t n)
{
    char **cursor = ctx;
    memcpy(*cursor, s, n);
    *cursor += n;
}

int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap)
{
    char *cursor = buf;
    int n = format_vprint(unbounded_sink, &cursor, fmt, ap);
    *cursor = '\0';
    return n;
}

int sprintf(char *restrict buf, const char *restrict fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}
