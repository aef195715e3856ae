/* Directory streams over getdents(fd, buf, len), which fills buf with
 * whole records (kernel/api/dirent.h) and returns the bytes used, 0 at the
 * end. Positions for telldir/seekdir are the records' d_off values, which
 * lseek on the directory accepts. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../internal/syscall.h"

#define DIR_BUFFER 4096

struct __dirstream {
    int fd;
    size_t pos, len;   /* the unread records are buf[pos, len) */
    long offset;       /* d_off of the last record returned: telldir */
    _Alignas(8) unsigned char buf[DIR_BUFFER];
};

DIR *fdopendir(int fd)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return NULL;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    DIR *d = malloc(sizeof(*d));
    if (!d)
        return NULL;
    d->fd = fd;
    d->pos = d->len = 0;
    d->offset = 0;
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    return d;
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    DIR *d = fdopendir(fd);
    if (!d) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return d;
}

struct dirent *readdir(DIR *d)
{
    if (d->pos >= d->len) {
        long n = __syscall3(SYS_getdents, d->fd, __SC(d->buf), sizeof(d->buf));
        if (n == 0)
            return NULL;
        if (__syscall_ret(n) < 0)
            return NULL;
        d->pos = 0;
        d->len = (size_t)n;
    }
    struct dirent *e = (struct dirent *)(d->buf + d->pos);
    d->pos += e->d_reclen;
    d->offset = (long)e->d_off;
    return e;
}

int closedir(DIR *d)
{
    int rc = close(d->fd);
    free(d);
    return rc;
}

void rewinddir(DIR *d)
{
    lseek(d->fd, 0, SEEK_SET);
    d->pos = d->len = 0;
    d->offset = 0;
}

int dirfd(DIR *d)
{
    return d->fd;
}

long telldir(DIR *d)
{
    return d->offset;
}

void seekdir(DIR *d, long pos)
{
    if (lseek(d->fd, pos, SEEK_SET) >= 0) {
        d->pos = d->len = 0;
        d->offset = pos;
    }
}

int alphasort(const struct dirent **a, const struct dirent **b)
{
    return strcoll((*a)->d_name, (*b)->d_name);
}

int scandir(const char *path, struct dirent ***list,
            int (*filter)(const struct dirent *),
            int (*compare)(const struct dirent **, const struct dirent **))
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    struct dirent **v = NULL;
    size_t n = 0, cap = 0;
    int saved = errno;
    errno = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (filter && !filter(e))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct dirent **bigger = realloc(v, ncap * sizeof(*v));
            if (!bigger)
                goto fail;
            v = bigger;
            cap = ncap;
        }
        struct dirent *copy = malloc(e->d_reclen);
        if (!copy)
            goto fail;
        memcpy(copy, e, e->d_reclen);
        v[n++] = copy;
    }
    if (errno)
        goto fail;
    closedir(d);
    errno = saved;
    if (compare)
        qsort(v, n, sizeof(*v), (int (*)(const void *, const void *))compare);
    *list = v;
    return (int)n;

fail:
    saved = errno;
    while (n)
        free(v[--n]);
    free(v);
    closedir(d);
    errno = saved;
    return -1;
}
