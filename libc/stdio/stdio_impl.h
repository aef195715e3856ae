/* Private to libc/stdio: the FILE structure and the unlocked primitives
 * every stdio function is built from.
 *
 * A stream moves bytes through its io functions (a descriptor's read,
 * write and lseek for ordinary streams, caller-supplied ones for
 * fopencookie). Its buffer is in one of two states at a time:
 *   reading: [rpos, rend) holds bytes read ahead and not yet consumed;
 *   writing: [buf, wpos) holds bytes accepted and not yet written.
 * Switching direction first settles the other state (flushing pending
 * output, or seeking back over unread input), so a stream can alternate
 * reads and writes even where C would demand an fseek in between. */
#ifndef LIBC_STDIO_IMPL_H
#define LIBC_STDIO_IMPL_H

#include <stdio.h>

enum {
    F_READ = 1 << 0,     /* opened for reading */
    F_WRITE = 1 << 1,    /* opened for writing */
    F_APPEND = 1 << 2,   /* every write goes to the end */
    F_EOF = 1 << 3,      /* end-of-file indicator */
    F_ERR = 1 << 4,      /* error indicator */
    F_LINEBUF = 1 << 5,  /* _IOLBF */
    F_UNBUF = 1 << 6,    /* _IONBF */
    F_OWNBUF = 1 << 7,   /* buf was malloc'ed by stdio */
    F_STATIC = 1 << 8,   /* stdin/stdout/stderr: never freed */
    F_TTYCHECK = 1 << 9, /* buffering decided at first use: line if a tty */
};

enum stream_mode { MODE_IDLE, MODE_READ, MODE_WRITE };

struct stdio_io {
    ssize_t (*read)(void *cookie, char *buf, size_t n);
    ssize_t (*write)(void *cookie, const char *buf, size_t n);
    int (*seek)(void *cookie, off_t *pos, int whence);
    int (*close)(void *cookie);
    void *cookie;
};

struct __file {
    int fd;                      /* -1 for cookie streams */
    unsigned flags;              /* F_* */
    enum stream_mode mode;
    unsigned char *buf;          /* NULL until the first I/O */
    size_t size;
    unsigned char *rpos, *rend;  /* unread input (reading) */
    unsigned char *wpos;         /* end of pending output (writing) */
    struct stdio_io io;
    struct __file *prev, *next;  /* the list of fopen'ed streams */
    /* A recursive lock, used once the thread library is linked in. */
    int lock_word;
    int lock_owner;
    unsigned lock_depth;
    unsigned char tiny[1];       /* the buffer of an unbuffered stream */
};

/* Descriptor-backed io, for fopen and friends: the cookie is the FILE. */
extern const struct stdio_io __stdio_fd_io;

/* Initializes a new stream (flags from __stdio_parse_mode) and puts it on
 * the list. */
void __stdio_init_stream(FILE *f, int fd, unsigned flags, struct stdio_io io);
/* "r+", "wx", ... to open(2) flags and F_* flags; -1 with EINVAL if bad. */
int __stdio_parse_mode(const char *mode, int *oflags, unsigned *flags);
/* Takes f off the list of open streams. */
void __stdio_unlink(FILE *f);

/* The unlocked primitives. Errors set F_ERR (and errno) and return EOF or
 * a short count; end of input sets F_EOF. */
int __stdio_flush(FILE *f);
int __stdio_prepare_read(FILE *f);   /* 0 or EOF */
int __stdio_prepare_write(FILE *f);  /* 0 or EOF */
int __stdio_fill(FILE *f);           /* bytes now buffered; 0 at EOF, -1 on error */
size_t __stdio_write(FILE *f, const void *p, size_t n);
size_t __stdio_read(FILE *f, void *p, size_t n);
int __stdio_getc(FILE *f);
int __stdio_putc(int c, FILE *f);
int __stdio_ungetc(int c, FILE *f);
off_t __stdio_tell(FILE *f);
int __stdio_seek(FILE *f, off_t offset, int whence);

/* Stream locks: no-ops until libc/pthread/libc_locks.c replaces them. */
void __stdio_lock(FILE *f);
void __stdio_unlock(FILE *f);
int __stdio_trylock(FILE *f);
/* The lock over the list of open streams. */
void __stdio_list_lock(void);
void __stdio_list_unlock(void);

/* Flushes every stream that has pending output. */
int __stdio_flush_all(void);

#endif
