/* Streams over memory, built on the cookie interface: fmemopen over a
 * fixed buffer, open_memstream over one that grows. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

/* ---- fmemopen ---------------------------------------------------------- */

struct fixed_mem {
    char *buf;
    size_t size;   /* capacity */
    size_t end;    /* bytes of content */
    size_t pos;
    int owned;     /* buf allocated here */
};

static ssize_t fixed_read(void *c, char *out, size_t n)
{
    struct fixed_mem *m = c;
    size_t left = m->pos < m->end ? m->end - m->pos : 0;
    if (n > left)
        n = left;
    memcpy(out, m->buf + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

/* Writes what fits; a NUL follows the content while there is room, as
 * POSIX asks. A write that cannot place a single byte is an error. */
static ssize_t fixed_write(void *c, const char *in, size_t n)
{
    struct fixed_mem *m = c;
    size_t room = m->pos < m->size ? m->size - m->pos : 0;
    if (n > room)
        n = room;
    if (n == 0) {
        errno = ENOSPC;
        return -1;
    }
    memcpy(m->buf + m->pos, in, n);
    m->pos += n;
    if (m->pos > m->end)
        m->end = m->pos;
    if (m->end < m->size)
        m->buf[m->end] = '\0';
    return (ssize_t)n;
}

static int fixed_seek(void *c, off_t *off, int whence)
{
    struct fixed_mem *m = c;
    off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off_t)m->pos : (off_t)m->end;
    off_t to = base + *off;
    if (to < 0 || to > (off_t)m->size) {
        errno = EINVAL;
        return -1;
    }
    m->pos = (size_t)to;
    *off = to;
    return 0;
}

static int fixed_close(void *c)
{
    struct fixed_mem *m = c;
    if (m->owned)
        free(m->buf);
    free(m);
    return 0;
}

FILE *fmemopen(void *restrict buf, size_t size, const char *restrict mode)
{
    int oflags;
    unsigned flags;
    if (size == 0) {
        errno = EINVAL;
        return NULL;
    }
    if (__stdio_parse_mode(mode, &oflags, &flags) < 0)
        return NULL;
    struct fixed_mem *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    m->size = size;
    m->buf = buf;
    if (!buf) {
        m->buf = calloc(1, size);
        m->owned = 1;
        if (!m->buf) {
            free(m);
            return NULL;
        }
    }
    if (*mode == 'r') {
        m->end = m->owned ? 0 : size;
    } else if (*mode == 'w') {
        m->buf[0] = '\0';
    } else {
        m->end = strnlen(m->buf, size);
        m->pos = m->end;
    }
    cookie_io_functions_t io = { fixed_read, fixed_write, fixed_seek, fixed_close };
    FILE *f = fopencookie(m, mode, io);
    if (!f)
        fixed_close(m);
    return f;
}

/* ---- open_memstream ------------------------------------------------------ */

struct growing_mem {
    char **out;
    size_t *outsize;
    char *buf;
    size_t cap, end, pos;
};

/* The caller's view: the buffer, and the smaller of the content's length
 * and the position. The content is always NUL-terminated. */
static void publish(struct growing_mem *m)
{
    *m->out = m->buf;
    *m->outsize = m->pos < m->end ? m->pos : m->end;
}

static int grow(struct growing_mem *m, size_t need)
{
    if (need + 1 <= m->cap)
        return 0;
    size_t cap = m->cap ? m->cap : 128;
    while (cap < need + 1)
        cap *= 2;
    char *bigger = realloc(m->buf, cap);
    if (!bigger)
        return -1;
    memset(bigger + m->cap, 0, cap - m->cap);
    m->buf = bigger;
    m->cap = cap;
    return 0;
}

static ssize_t growing_write(void *c, const char *in, size_t n)
{
    struct growing_mem *m = c;
    if (grow(m, m->pos + n) < 0)
        return -1;
    memcpy(m->buf + m->pos, in, n);
    m->pos += n;
    if (m->pos > m->end) {
        m->end = m->pos;
        m->buf[m->end] = '\0';
    }
    publish(m);
    return (ssize_t)n;
}

/* Seeking past the end is allowed; a later write fills the gap with NULs. */
static int growing_seek(void *c, off_t *off, int whence)
{
    struct growing_mem *m = c;
    off_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (off_t)m->pos : (off_t)m->end;
    off_t to = base + *off;
    if (to < 0 || (unsigned long long)to > (size_t)-1 / 2) {
        errno = EINVAL;
        return -1;
    }
    m->pos = (size_t)to;
    *off = to;
    publish(m);
    return 0;
}

static int growing_close(void *c)
{
    struct growing_mem *m = c;
    publish(m);
    free(m);  /* the buffer now belongs to the caller */
    return 0;
}

FILE *open_memstream(char **ptr, size_t *sizeloc)
{
    if (!ptr || !sizeloc) {
        errno = EINVAL;
        return NULL;
    }
    struct growing_mem *m = calloc(1, sizeof(*m));
    if (!m || grow(m, 0) < 0) {
        free(m);
        return NULL;
    }
    m->out = ptr;
    m->outsize = sizeloc;
    publish(m);
    cookie_io_functions_t io = { NULL, growing_write, growing_seek, growing_close };
    FILE *f = fopencookie(m, "w", io);
    if (!f) {
        free(m->buf);
        free(m);
    }
    return f;
}
