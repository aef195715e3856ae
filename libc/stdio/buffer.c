/* The buffering core of stdio: moving bytes between a stream's buffer and
 * its io functions. Everything here is unlocked; the public functions take
 * the stream lock around these. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdio_impl.h"

/* ---- descriptor-backed io ---------------------------------------------- */

ssize_t __stdio_fd_read(void *cookie, char *buf, size_t n);
ssize_t __stdio_fd_write(void *cookie, const char *buf, size_t n);
int __stdio_fd_seek(void *cookie, off_t *pos, int whence);
int __stdio_fd_close(void *cookie);

ssize_t __stdio_fd_read(void *cookie, char *buf, size_t n)
{
    return read(((FILE *)cookie)->fd, buf, n);
}

ssize_t __stdio_fd_write(void *cookie, const char *buf, size_t n)
{
    return write(((FILE *)cookie)->fd, buf, n);
}

int __stdio_fd_seek(void *cookie, off_t *pos, int whence)
{
    off_t r = lseek(((FILE *)cookie)->fd, *pos, whence);
    if (r < 0)
        return -1;
    *pos = r;
    return 0;
}

int __stdio_fd_close(void *cookie)
{
    return close(((FILE *)cookie)->fd);
}

const struct stdio_io __stdio_fd_io = {
    __stdio_fd_read, __stdio_fd_write, __stdio_fd_seek, __stdio_fd_close, NULL,
};

/* ---- buffers ----------------------------------------------------------- */

/* Decides deferred line buffering and allocates the buffer on first use. A
 * stream whose buffer cannot be allocated works unbuffered. */
static void ensure_buffer(FILE *f)
{
    if (f->flags & F_TTYCHECK) {
        f->flags &= ~(unsigned)F_TTYCHECK;
        int saved = errno;
        if (f->fd >= 0 && isatty(f->fd))
            f->flags |= F_LINEBUF;
        errno = saved;
    }
    if (f->buf)
        return;
    if (!(f->flags & F_UNBUF)) {
        f->buf = malloc(BUFSIZ);
        if (f->buf) {
            f->size = BUFSIZ;
            f->flags |= F_OWNBUF;
        } else {
            f->flags |= F_UNBUF;
        }
    }
    if (!f->buf) {
        f->buf = f->tiny;
        f->size = sizeof(f->tiny);
    }
    f->rpos = f->rend = f->wpos = f->buf;
}

static void set_error(FILE *f, int err)
{
    f->flags |= F_ERR;
    if (err)
        errno = err;
}

/* Writes all of [p, p + n) through the io function; returns how much got
 * out. A failed or zero-length write is an error. */
static size_t write_out(FILE *f, const unsigned char *p, size_t n)
{
    if (!f->io.write) {
        set_error(f, EBADF);
        return 0;
    }
    size_t done = 0;
    while (done < n) {
        ssize_t w = f->io.write(f->io.cookie, (const char *)p + done, n - done);
        if (w <= 0) {
            set_error(f, w == 0 ? EIO : 0);
            break;
        }
        done += (size_t)w;
    }
    return done;
}

int __stdio_flush(FILE *f)
{
    if (f->mode == MODE_WRITE) {
        size_t pending = (size_t)(f->wpos - f->buf);
        size_t done = write_out(f, f->buf, pending);
        if (done < pending) {
            /* Keep what did not go out, for a later retry. */
            memmove(f->buf, f->buf + done, pending - done);
            f->wpos = f->buf + (pending - done);
            return EOF;
        }
        f->wpos = f->buf;
    } else if (f->mode == MODE_READ) {
        /* Give the read-ahead back so that the descriptor's position is
         * the stream's; on a pipe it cannot be given back and stays. */
        size_t unread = (size_t)(f->rend - f->rpos);
        if (unread) {
            off_t back = -(off_t)unread;
            int saved = errno;
            if (!f->io.seek || f->io.seek(f->io.cookie, &back, SEEK_CUR) < 0) {
                errno = saved;
                return 0;
            }
        }
        f->rpos = f->rend = f->wpos = f->buf;
        f->mode = MODE_IDLE;
    }
    return 0;
}

int __stdio_prepare_write(FILE *f)
{
    if (!(f->flags & F_WRITE)) {
        set_error(f, EBADF);
        return EOF;
    }
    if (f->mode == MODE_WRITE)
        return 0;
    if (f->mode == MODE_READ) {
        __stdio_flush(f);
        /* Unread input of an unseekable stream cannot survive a write. */
        f->rpos = f->rend = f->buf;
    }
    ensure_buffer(f);
    f->wpos = f->buf;
    f->mode = MODE_WRITE;
    return 0;
}

int __stdio_prepare_read(FILE *f)
{
    if (!(f->flags & F_READ)) {
        set_error(f, EBADF);
        return EOF;
    }
    if (f->mode == MODE_READ)
        return 0;
    if (f->mode == MODE_WRITE && __stdio_flush(f) == EOF)
        return EOF;
    ensure_buffer(f);
    f->rpos = f->rend = f->wpos = f->buf;
    f->mode = MODE_READ;
    return 0;
}

/* C: input from an unbuffered or line-buffered stream first pushes out
 * line-buffered output, so that a prompt appears before the program waits
 * for its answer. stdout is the stream that matters in practice. */
static void before_input(FILE *f)
{
    if (!(f->flags & (F_LINEBUF | F_UNBUF)) || f == stdout)
        return;
    FILE *out = stdout;
    if (out && (out->flags & F_LINEBUF) && out->mode == MODE_WRITE && out->wpos > out->buf) {
        __stdio_lock(out);
        __stdio_flush(out);
        __stdio_unlock(out);
    }
}

static ssize_t read_in(FILE *f, unsigned char *p, size_t n)
{
    if (!f->io.read) {
        set_error(f, EBADF);
        return -1;
    }
    before_input(f);
    ssize_t r = f->io.read(f->io.cookie, (char *)p, n);
    if (r < 0)
        set_error(f, 0);
    else if (r == 0)
        f->flags |= F_EOF;
    return r;
}

int __stdio_fill(FILE *f)
{
    ssize_t r = read_in(f, f->buf, f->size);
    if (r <= 0) {
        f->rpos = f->rend = f->buf;
        return (int)r;
    }
    f->rpos = f->buf;
    f->rend = f->buf + r;
    return (int)r;
}

/* ---- bytes in and out -------------------------------------------------- */

size_t __stdio_write(FILE *f, const void *data, size_t n)
{
    const unsigned char *p = data;
    if (n == 0 || __stdio_prepare_write(f) == EOF)
        return 0;
    if (f->flags & F_UNBUF) {
        if (__stdio_flush(f) == EOF)
            return 0;
        return write_out(f, p, n);
    }
    size_t done = 0;
    while (done < n) {
        size_t left = n - done;
        if (f->wpos == f->buf && left >= f->size) {
            /* Nothing pending and more than a buffer's worth: skip the copy. */
            done += write_out(f, p + done, left);
            return done;
        }
        size_t room = (size_t)(f->buf + f->size - f->wpos);
        if (room == 0) {
            if (__stdio_flush(f) == EOF)
                return done;
            continue;
        }
        size_t chunk = left < room ? left : room;
        memcpy(f->wpos, p + done, chunk);
        f->wpos += chunk;
        done += chunk;
    }
    if ((f->flags & F_LINEBUF) && memchr(p, '\n', n) && __stdio_flush(f) == EOF) {
        /* Whatever is still pending did not get out; some of it is ours. */
        size_t stuck = (size_t)(f->wpos - f->buf);
        return n - (stuck < n ? stuck : n);
    }
    return n;
}

size_t __stdio_read(FILE *f, void *data, size_t n)
{
    unsigned char *p = data;
    if (n == 0 || __stdio_prepare_read(f) == EOF)
        return 0;
    size_t done = 0;
    while (done < n) {
        size_t avail = (size_t)(f->rend - f->rpos);
        size_t left = n - done;
        if (avail) {
            size_t take = left < avail ? left : avail;
            memcpy(p + done, f->rpos, take);
            f->rpos += take;
            done += take;
            continue;
        }
        if (f->flags & F_EOF)
            break;
        if (left >= f->size) {
            /* A buffer's worth or more: read straight into the caller's. */
            ssize_t r = read_in(f, p + done, left);
            if (r <= 0)
                break;
            done += (size_t)r;
        } else if (__stdio_fill(f) <= 0) {
            break;
        }
    }
    return done;
}

int __stdio_getc(FILE *f)
{
    if (f->mode == MODE_READ && f->rpos < f->rend)
        return *f->rpos++;
    if (__stdio_prepare_read(f) == EOF)
        return EOF;
    if (f->rpos == f->rend) {
        /* The end-of-file indicator is sticky, as C11 requires. */
        if ((f->flags & F_EOF) || __stdio_fill(f) <= 0)
            return EOF;
    }
    return *f->rpos++;
}

int __stdio_putc(int c, FILE *f)
{
    unsigned char ch = (unsigned char)c;
    if (f->mode == MODE_WRITE && f->wpos < f->buf + f->size &&
        !(f->flags & F_UNBUF) && (ch != '\n' || !(f->flags & F_LINEBUF))) {
        *f->wpos++ = ch;
        return ch;
    }
    return __stdio_write(f, &ch, 1) == 1 ? ch : EOF;
}

/* One character of push-back is guaranteed: it goes just before the unread
 * input, or at the very end of an empty buffer. */
int __stdio_ungetc(int c, FILE *f)
{
    if (c == EOF || __stdio_prepare_read(f) == EOF)
        return EOF;
    if (f->rpos == f->buf) {
        if (f->rend != f->buf)
            return EOF;
        f->rpos = f->rend = f->buf + f->size;
    }
    *--f->rpos = (unsigned char)c;
    f->flags &= ~(unsigned)F_EOF;
    return (unsigned char)c;
}

/* ---- positions --------------------------------------------------------- */

off_t __stdio_tell(FILE *f)
{
    if (!f->io.seek) {
        errno = ESPIPE;
        return -1;
    }
    /* Appended output lands at the end, wherever that is: settle it first. */
    if (f->mode == MODE_WRITE && (f->flags & F_APPEND) && __stdio_flush(f) == EOF)
        return -1;
    off_t pos = 0;
    if (f->io.seek(f->io.cookie, &pos, SEEK_CUR) < 0)
        return -1;
    if (f->mode == MODE_READ)
        pos -= f->rend - f->rpos;
    else if (f->mode == MODE_WRITE)
        pos += f->wpos - f->buf;
    return pos;
}

int __stdio_seek(FILE *f, off_t offset, int whence)
{
    if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END) {
        errno = EINVAL;
        return -1;
    }
    if (!f->io.seek) {
        errno = ESPIPE;
        return -1;
    }
    if (f->mode == MODE_WRITE && __stdio_flush(f) == EOF)
        return -1;
    if (f->mode == MODE_READ && whence == SEEK_CUR)
        offset -= f->rend - f->rpos;
    if (f->io.seek(f->io.cookie, &offset, whence) < 0)
        return -1;
    f->rpos = f->rend = f->wpos = f->buf;
    f->mode = MODE_IDLE;
    f->flags &= ~(unsigned)F_EOF;
    return 0;
}

/* ---- exit -------------------------------------------------------------- */

/* Called by exit(): every stream's pending output goes out. */
void __stdio_exit(void);
void __stdio_exit(void)
{
    __stdio_flush_all();
}
