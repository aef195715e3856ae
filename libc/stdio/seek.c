/* Stream positions. */
#include <errno.h>
#include <limits.h>

#include "stdio_impl.h"

int fseeko(FILE *f, off_t offset, int whence)
{
    __stdio_lock(f);
    int rc = __stdio_seek(f, offset, whence);
    __stdio_unlock(f);
    return rc;
}

int fseek(FILE *f, long offset, int whence)
{
    return fseeko(f, offset, whence);
}

off_t ftello(FILE *f)
{
    __stdio_lock(f);
    off_t pos = __stdio_tell(f);
    __stdio_unlock(f);
    return pos;
}

long ftell(FILE *f)
{
    off_t pos = ftello(f);
    if (pos > LONG_MAX) {
        errno = EOVERFLOW;
        return -1;
    }
    return (long)pos;
}

void rewind(FILE *f)
{
    __stdio_lock(f);
    __stdio_seek(f, 0, SEEK_SET);
    f->flags &= ~(unsigned)F_ERR;
    __stdio_unlock(f);
}

int fgetpos(FILE *restrict f, fpos_t *restrict pos)
{
    off_t p = ftello(f);
    if (p < 0)
        return -1;
    pos->__pos = p;
    return 0;
}

int fsetpos(FILE *f, const fpos_t *pos)
{
    return fseeko(f, pos->__pos, SEEK_SET);
}
