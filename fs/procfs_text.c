/* procfs: the growing buffers that file contents are generated into. */
#include "fs/procfs_internal.h"
#include "kernel/errno.h"
#include "mm/heap.h"
#include <format.h>
#include <stdarg.h>
#include <string.h>

#define PROCFS_BUF_FIRST 256

void procfs_buf_init(struct procfs_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->error = 0;
}

void procfs_buf_free(struct procfs_buf *b)
{
    kfree(b->data);
    procfs_buf_init(b);
}

static bool procfs_buf_reserve(struct procfs_buf *b, size_t more)
{
    if (b->error)
        return false;
    if (more <= b->cap - b->len)
        return true;
    size_t cap = b->cap ? b->cap : PROCFS_BUF_FIRST;
    while (cap - b->len < more) {
        if (cap > SIZE_MAX / 2) {
            b->error = -ENOMEM;
            return false;
        }
        cap *= 2;
    }
    char *grown = kmalloc(cap);
    if (!grown) {
        b->error = -ENOMEM;
        return false;
    }
    if (b->len)
        memcpy(grown, b->data, b->len);
    kfree(b->data);
    b->data = grown;
    b->cap = cap;
    return true;
}

void procfs_buf_append(struct procfs_buf *b, const void *data, size_t n)
{
    if (n == 0 || !procfs_buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void procfs_buf_sink(void *ctx, const char *s, size_t n) { procfs_buf_append(ctx, s, n); }

void procfs_buf_printf(struct procfs_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_vprint(procfs_buf_sink, b, fmt, ap);
    va_end(ap);
}

void procfs_buf_append_name(struct procfs_buf *b, const char *name)
{
    for (const char *c = name; *c; c++) {
        unsigned char ch = (unsigned char)*c;
        /* A tab or newline in a name would break the line-and-column
         * formats that ps and friends parse. */
        char shown = (ch < 0x20 || ch == 0x7f) ? '?' : (char)ch;
        procfs_buf_append(b, &shown, 1);
    }
}
