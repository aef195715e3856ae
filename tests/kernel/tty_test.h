/* Scaffolding for the terminal tests: a pseudo-terminal pair opened through
 * the real /dev/ptmx and /dev/pts (the master types, the slave is the
 * terminal under test), termios changes, and reads that must not block. */
#ifndef TESTS_KERNEL_TTY_TEST_H
#define TESTS_KERNEL_TTY_TEST_H
#include "drivers/tty/pty.h"
#include "drivers/tty/tty.h"
#include "fs/vfs.h"
#include "kernel/api/poll.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/selftest.h"
#include <format.h>
#include <string.h>

#define TTY_TEST_MS 1000000ull

struct tty_pair {
    struct file *master, *slave;
    unsigned index;
    struct tty *tty;        /* the slave's terminal (borrowed from the slave file) */
};

static inline int tty_test_open(const char *path, int flags, struct file **out)
{
    struct vfs_context c;
    vfs_kernel_context(&c);
    return vfs_open(&c, path, flags, 0, out);
}

/* A new unlocked pair; the master does not block on reads. */
static inline int tty_pair_open(struct tty_pair *p)
{
    memset(p, 0, sizeof(*p));
    int rc = tty_test_open("/dev/ptmx", O_RDWR | O_NOCTTY, &p->master);
    if (rc < 0)
        return rc;
    int unlock = 0;
    rc = tty_ioctl_kernel(p->master, TIOCSPTLCK, &unlock);
    if (rc == 0)
        rc = tty_ioctl_kernel(p->master, TIOCGPTN, &p->index);
    char path[32];
    snprintf(path, sizeof(path), "/dev/pts/%u", p->index);
    if (rc == 0)
        rc = tty_test_open(path, O_RDWR | O_NOCTTY, &p->slave);
    if (rc < 0) {
        file_put(p->master);
        return rc;
    }
    p->tty = tty_from_file(p->slave);
    file_set_flags(p->master, O_NONBLOCK);
    return 0;
}

static inline void tty_pair_close(struct tty_pair *p)
{
    if (p->slave)
        file_put(p->slave);
    if (p->master)
        file_put(p->master);
    p->slave = p->master = NULL;
}

/* Types s on the terminal (the master's write). */
static inline ssize_t tty_type(struct tty_pair *p, const char *s)
{
    struct io_buffer io = io_buffer_kernel((void *)s);
    return file_write(p->master, &io, strlen(s));
}

/* What the terminal sent (echo and output), NUL-terminated; never blocks. */
static inline ssize_t tty_screen(struct tty_pair *p, char *buf, size_t size)
{
    struct io_buffer io = io_buffer_kernel(buf);
    ssize_t n = file_read(p->master, &io, size - 1);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

/* A read of the slave that must not block: O_NONBLOCK for its duration.
 * The bytes are NUL-terminated in buf. */
static inline ssize_t tty_read_now(struct tty_pair *p, char *buf, size_t len)
{
    int flags = file_get_flags(p->slave);
    file_set_flags(p->slave, flags | O_NONBLOCK);
    struct io_buffer io = io_buffer_kernel(buf);
    ssize_t n = file_read(p->slave, &io, len);
    file_set_flags(p->slave, flags);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

static inline int tty_get_termios(struct tty_pair *p, struct termios *t)
{
    return tty_ioctl_kernel(p->slave, TCGETS, t);
}

static inline int tty_set_termios(struct tty_pair *p, const struct termios *t)
{
    return tty_ioctl_kernel(p->slave, TCSETS, (void *)t);
}

/* Clears and sets c_lflag bits. */
static inline int tty_lflags(struct tty_pair *p, tcflag_t clear, tcflag_t set)
{
    struct termios t;
    int rc = tty_get_termios(p, &t);
    if (rc < 0)
        return rc;
    t.c_lflag = (t.c_lflag & ~clear) | set;
    return tty_set_termios(p, &t);
}

/* Non-canonical mode with VMIN/VTIME, echo off. */
static inline int tty_raw(struct tty_pair *p, unsigned vmin, unsigned vtime)
{
    struct termios t;
    int rc = tty_get_termios(p, &t);
    if (rc < 0)
        return rc;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = (cc_t)vmin;
    t.c_cc[VTIME] = (cc_t)vtime;
    return tty_set_termios(p, &t);
}

/* s made printable for a failure message: control bytes as \xNN. */
static inline const char *tty_test_escape(const char *s, char *out, size_t size)
{
    size_t o = 0;
    for (; *s && o + 5 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 32 || c >= 127 || c == '\\')
            o += (size_t)snprintf(out + o, size - o, "\\x%02x", c);
        else
            out[o++] = (char)c;
    }
    out[o] = 0;
    return out;
}

/* Compares a byte string with what was expected, showing both (escaped)
 * on a mismatch. */
#define KT_CHECK_STR(t, got, want)                                                           \
    do {                                                                                     \
        const char *kt_g_ = (got), *kt_w_ = (want);                                          \
        if (strcmp(kt_g_, kt_w_) != 0) {                                                     \
            char kt_ge_[160], kt_we_[160];                                                   \
            ktest_fail((t), __FILE__, __LINE__, "%s: got \"%s\", want \"%s\"", #got,         \
                       tty_test_escape(kt_g_, kt_ge_, sizeof(kt_ge_)),                       \
                       tty_test_escape(kt_w_, kt_we_, sizeof(kt_we_)));                      \
        }                                                                                    \
    } while (0)
#endif
