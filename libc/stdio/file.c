/* Opening, closing and configuring streams, and the list of open streams
 * that fflush(NULL) and exit() walk. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdio_impl.h"

extern FILE __stdio_stdin, __stdio_stdout, __stdio_stderr;

/* fopen'ed streams (the three standard ones are not on it). */
static FILE *open_streams;

int __stdio_parse_mode(const char *mode, int *oflags, unsigned *flags)
{
    int o;
    unsigned f;
    switch (*mode) {
    case 'r': o = O_RDONLY; f = F_READ; break;
    case 'w': o = O_WRONLY | O_CREAT | O_TRUNC; f = F_WRITE; break;
    case 'a': o = O_WRONLY | O_CREAT | O_APPEND; f = F_WRITE | F_APPEND; break;
    default:
        errno = EINVAL;
        return -1;
    }
    for (const char *m = mode + 1; *m; m++) {
        switch (*m) {
        case '+':
            o = (o & ~O_ACCMODE) | O_RDWR;
            f |= F_READ | F_WRITE;
            break;
        case 'x': o |= O_EXCL; break;
        case 'e': o |= O_CLOEXEC; break;
        case 'b': break;
        default: break;  /* other systems' letters (",ccs=", "m") are ignored */
        }
    }
    *oflags = o;
    *flags = f;
    return 0;
}

void __stdio_init_stream(FILE *f, int fd, unsigned flags, struct stdio_io io)
{
    memset(f, 0, sizeof(*f));
    f->fd = fd;
    f->flags = flags;
    f->mode = MODE_IDLE;
    f->io = io;
    __stdio_list_lock();
    f->next = open_streams;
    if (open_streams)
        open_streams->prev = f;
    open_streams = f;
    __stdio_list_unlock();
}

void __stdio_unlink(FILE *f)
{
    __stdio_list_lock();
    if (f->prev)
        f->prev->next = f->next;
    else if (open_streams == f)
        open_streams = f->next;
    if (f->next)
        f->next->prev = f->prev;
    f->prev = f->next = NULL;
    __stdio_list_unlock();
}

static FILE *stream_on_fd(int fd, unsigned flags)
{
    FILE *f = malloc(sizeof(*f));
    if (!f)
        return NULL;
    struct stdio_io io = __stdio_fd_io;
    io.cookie = f;
    __stdio_init_stream(f, fd, flags, io);
    return f;
}

FILE *fopen(const char *restrict path, const char *restrict mode)
{
    int oflags;
    unsigned flags;
    if (__stdio_parse_mode(mode, &oflags, &flags) < 0)
        return NULL;
    int fd = open(path, oflags, 0666);
    if (fd < 0)
        return NULL;
    FILE *f = stream_on_fd(fd, flags);
    if (!f) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return f;
}

FILE *fdopen(int fd, const char *mode)
{
    int oflags;
    unsigned flags;
    if (__stdio_parse_mode(mode, &oflags, &flags) < 0)
        return NULL;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0)
        return NULL;
    if ((flags & F_APPEND) && !(fl & O_APPEND) && fcntl(fd, F_SETFL, fl | O_APPEND) < 0)
        return NULL;
    if (oflags & O_CLOEXEC)
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    return stream_on_fd(fd, flags);
}

/* Flushes and closes what the stream has; keeps the FILE itself. */
static int release(FILE *f)
{
    int rc = 0;
    if (f->mode == MODE_WRITE && __stdio_flush(f) == EOF)
        rc = EOF;
    if (f->io.close && f->io.close(f->io.cookie) < 0)
        rc = EOF;
    if (f->flags & F_OWNBUF)
        free(f->buf);
    f->buf = NULL;
    f->size = 0;
    f->rpos = f->rend = f->wpos = NULL;
    f->mode = MODE_IDLE;
    f->fd = -1;
    f->io = (struct stdio_io){ 0 };
    return rc;
}

int fclose(FILE *f)
{
    __stdio_lock(f);
    int rc = release(f);
    unsigned is_static = f->flags & F_STATIC;
    f->flags = is_static;
    __stdio_unlock(f);
    if (!is_static) {
        __stdio_unlink(f);
        free(f);
    }
    return rc;
}

/* With a path: close what f had and open path in its place. Without one,
 * only the stream's own flags can change; the descriptor keeps its mode. */
FILE *freopen(const char *restrict path, const char *restrict mode, FILE *restrict f)
{
    int oflags;
    unsigned flags;
    if (__stdio_parse_mode(mode, &oflags, &flags) < 0) {
        fclose(f);
        return NULL;
    }
    __stdio_lock(f);
    unsigned keep = f->flags & F_STATIC;
    int fd;
    if (path) {
        release(f);
        fd = open(path, oflags, 0666);
    } else {
        __stdio_flush(f);
        fd = f->fd;
        if (fd < 0) {
            errno = EBADF;
        } else if (flags & F_APPEND) {
            int fl = fcntl(fd, F_GETFL);
            if (fl >= 0)
                fcntl(fd, F_SETFL, fl | O_APPEND);
        }
        if (f->flags & F_OWNBUF)
            free(f->buf);
        f->buf = NULL;
    }
    if (fd < 0) {
        f->flags = keep;
        __stdio_unlock(f);
        fclose(f);
        return NULL;
    }
    f->fd = fd;
    f->flags = flags | keep | (f == stdout || f == stdin ? F_TTYCHECK : 0);
    if (f == stderr)
        f->flags |= F_UNBUF;
    f->mode = MODE_IDLE;
    f->buf = NULL;
    f->io = __stdio_fd_io;
    f->io.cookie = f;
    __stdio_unlock(f);
    return f;
}

int fileno(FILE *f)
{
    if (f->fd < 0) {
        errno = EBADF;
        return -1;
    }
    return f->fd;
}

int setvbuf(FILE *restrict f, char *restrict buf, int mode, size_t size)
{
    if ((mode != _IOFBF && mode != _IOLBF && mode != _IONBF) ||
        (mode != _IONBF && size == 0 && buf)) {
        errno = EINVAL;
        return -1;
    }
    __stdio_lock(f);
    /* Only before I/O, or at least with nothing buffered either way. */
    if (f->mode != MODE_IDLE && __stdio_flush(f) == EOF) {
        __stdio_unlock(f);
        return -1;
    }
    unsigned char *mine = NULL;
    if (mode != _IONBF && !buf) {
        if (size == 0)
            size = BUFSIZ;
        mine = malloc(size);
        if (!mine) {
            __stdio_unlock(f);
            return -1;
        }
    }
    if (f->flags & F_OWNBUF)
        free(f->buf);
    f->flags &= ~(unsigned)(F_OWNBUF | F_LINEBUF | F_UNBUF | F_TTYCHECK);
    if (mode == _IONBF) {
        f->flags |= F_UNBUF;
        f->buf = f->tiny;
        f->size = sizeof(f->tiny);
    } else {
        f->buf = mine ? mine : (unsigned char *)buf;
        f->size = size;
        if (mine)
            f->flags |= F_OWNBUF;
        if (mode == _IOLBF)
            f->flags |= F_LINEBUF;
    }
    f->rpos = f->rend = f->wpos = f->buf;
    f->mode = MODE_IDLE;
    __stdio_unlock(f);
    return 0;
}

void setbuf(FILE *restrict f, char *restrict buf)
{
    setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

void setlinebuf(FILE *f)
{
    setvbuf(f, NULL, _IOLBF, 0);
}

static int flush_locked(FILE *f)
{
    __stdio_lock(f);
    int rc = __stdio_flush(f);
    __stdio_unlock(f);
    return rc;
}

int __stdio_flush_all(void)
{
    int rc = 0;
    FILE *std[] = { &__stdio_stdout, &__stdio_stderr };
    for (unsigned i = 0; i < sizeof(std) / sizeof(std[0]); i++) {
        if (std[i]->mode == MODE_WRITE && flush_locked(std[i]) == EOF)
            rc = EOF;
    }
    __stdio_list_lock();
    for (FILE *f = open_streams; f; f = f->next) {
        if (f->mode == MODE_WRITE && flush_locked(f) == EOF)
            rc = EOF;
    }
    __stdio_list_unlock();
    return rc;
}

int fflush(FILE *f)
{
    if (!f)
        return __stdio_flush_all();
    return flush_locked(f);
}

int fflush_unlocked(FILE *f)
{
    if (!f)
        return __stdio_flush_all();
    return __stdio_flush(f);
}
