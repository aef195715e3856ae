/* getline and getdelim: a whole line (or record) into a buffer the caller
 * owns and that grows as needed. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "stdio_impl.h"

/* Makes *line hold at least need bytes. */
static int reserve(char **line, size_t *cap, size_t need)
{
    if (need <= *cap && *line)
        return 0;
    size_t n = *cap > 64 ? *cap : 64;
    while (n < need) {
        if (n > (size_t)-1 / 2) {
            errno = EOVERFLOW;
            return -1;
        }
        n *= 2;
    }
    char *bigger = realloc(*line, n);
    if (!bigger)
        return -1;
    *line = bigger;
    *cap = n;
    return 0;
}

ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim,
                 FILE *restrict f)
{
    if (!line || !cap) {
        errno = EINVAL;
        return -1;
    }
    if (!*line)
        *cap = 0;
    __stdio_lock(f);
    size_t len = 0;
    for (;;) {
        int c = __stdio_getc(f);
        if (c == EOF)
            break;
        if (len + 2 > *cap && reserve(line, cap, len + 2) < 0) {
            f->flags |= F_ERR;
            __stdio_unlock(f);
            return -1;
        }
        (*line)[len++] = (char)c;
        if (c == delim)
            break;
    }
    __stdio_unlock(f);
    if (len == 0) {
        /* Nothing read: end of input or an error; the caller tells which. */
        if (*line || reserve(line, cap, 1) == 0)
            (*line)[0] = '\0';
        return -1;
    }
    (*line)[len] = '\0';
    return (ssize_t)len;
}

ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict f)
{
    return getdelim(line, cap, '\n', f);
}
