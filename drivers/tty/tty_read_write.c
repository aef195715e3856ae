/* read(2) and write(2) on a terminal: canonical lines or VMIN/VTIME on
 * the way in, output processing and flow control on the way out. */
#include "drivers/tty/tty.h"
#include "kernel/api/signal.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"

#define TTY_CHUNK           256         /* bytes moved per lock hold */
#define NS_PER_DECISECOND   100000000ull

/* ---- read ------------------------------------------------------------------------ */

struct read_wait {
    struct tty *tty;
    struct file *f;
    bool canon;
};

/* Runs under the wait queue's lock: plain reads of the state only. */
static int read_wait_ready(void *arg)
{
    struct read_wait *w = arg;
    const struct tty *tty = w->tty;
    if (tty_file_hung_up(w->f) || tty_caller_in_background(tty))
        return 1;
    bool canon = (tty->termios.c_lflag & ICANON) != 0;
    if (canon != w->canon)
        return 1;
    return canon ? tty->lines_count > 0 : tty->input_count > 0;
}

/* Moves up to `max` bytes of input to the reader, without the lock while
 * copying (user memory may fault). In canonical mode only from the first
 * line. *line_done says a canonical line was finished (or was an end of
 * file). Returns the bytes copied or -EFAULT. */
static ssize_t read_chunk(struct tty *tty, struct io_buffer *buf, size_t at, size_t max, bool *line_done)
{
    char chunk[TTY_CHUNK];
    if (max > sizeof(chunk))
        max = sizeof(chunk);
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    size_t n = tty_take_input_locked(tty, chunk, max, line_done);
    spin_unlock_irqrestore(&tty->lock, fl);
    if (n > 0 || *line_done)
        wait_queue_wake_all(&tty->input_room_wq);
    if (n > 0) {
        int rc = io_buffer_put(buf, at, chunk, n);
        if (rc < 0)
            return rc;
    }
    return (ssize_t)n;
}

/* tty->read_mutex held (dropped while waiting). */
static ssize_t read_canonical(struct tty *tty, struct file *f, struct io_buffer *buf, size_t len)
{
    ASSERT_MUTEX_HELD(&tty->read_mutex);
    size_t done = 0;
    for (;;) {
        if (tty_file_hung_up(f))
            return (ssize_t)done;
        bool line_done;
        ssize_t n = read_chunk(tty, buf, done, len - done, &line_done);
        if (n < 0)
            return done ? (ssize_t)done : n;
        done += (size_t)n;
        if (line_done || done == len)
            return (ssize_t)done;
        if (n > 0)
            continue;       /* more of the same line */
        if (done > 0)
            return (ssize_t)done;
        if (!(tty->termios.c_lflag & ICANON))
            return -EAGAIN;     /* the mode changed under us: the caller retries */
        if (file_nonblocking(f))
            return -EAGAIN;
        /* Not holding the read mutex while asleep: a reader stuck behind
         * it could not be interrupted. */
        mutex_unlock(&tty->read_mutex);
        struct read_wait w = { tty, f, true };
        int rc = wait_queue_wait(&tty->read_wq, read_wait_ready, &w, 0, 1);
        mutex_lock(&tty->read_mutex);
        if (rc == -EINTR)
            return -EINTR;
        if (tty_caller_in_background(tty))
            return -EAGAIN;     /* sent to the background: the caller checks again */
    }
}

/* Non-canonical reads, POSIX's four VMIN/VTIME cases:
 *   MIN > 0, TIME = 0: wait for MIN bytes (or len, if smaller);
 *   MIN = 0, TIME > 0: wait up to TIME for any byte, then 0;
 *   MIN > 0, TIME > 0: after the first byte, TIME between bytes ends it;
 *   MIN = 0, TIME = 0: whatever is there, maybe nothing.
 * tty->read_mutex held (dropped while waiting). */
static ssize_t read_raw(struct tty *tty, struct file *f, struct io_buffer *buf, size_t len)
{
    ASSERT_MUTEX_HELD(&tty->read_mutex);
    size_t min = tty->termios.c_cc[VMIN];
    uint64_t time_ns = tty->termios.c_cc[VTIME] * NS_PER_DECISECOND;
    if (min > len)
        min = len;
    uint64_t deadline = (min == 0 && time_ns) ? clock_monotonic_ns() + time_ns : 0;
    size_t done = 0;
    bool timed_out = false;
    for (;;) {
        if (tty_file_hung_up(f))
            return (ssize_t)done;
        bool unused;
        ssize_t n = read_chunk(tty, buf, done, len - done, &unused);
        if (n < 0)
            return done ? (ssize_t)done : n;
        done += (size_t)n;
        if (done == len)
            return (ssize_t)done;
        if (n > 0)
            continue;
        /* Nothing more there right now: decide whether to wait. */
        if (timed_out)
            return (ssize_t)done;
        if (tty->termios.c_lflag & ICANON)
            return done ? (ssize_t)done : -EAGAIN;
        if (min == 0 && (done > 0 || time_ns == 0))
            return (ssize_t)done;
        if (min > 0 && done >= min)
            return (ssize_t)done;
        if (file_nonblocking(f))
            return done ? (ssize_t)done : -EAGAIN;
        uint64_t timeout = 0;
        if (min == 0) {
            uint64_t now = clock_monotonic_ns();
            if (now >= deadline)
                return 0;
            timeout = deadline - now;
        } else if (time_ns && done > 0) {
            timeout = time_ns;      /* the inter-byte timer restarts with each byte */
        }
        mutex_unlock(&tty->read_mutex);
        struct read_wait w = { tty, f, false };
        int rc = wait_queue_wait(&tty->read_wq, read_wait_ready, &w, timeout, 1);
        mutex_lock(&tty->read_mutex);
        if (rc == -EINTR)
            return done ? (ssize_t)done : -EINTR;
        if (tty_caller_in_background(tty))
            return done ? (ssize_t)done : -EAGAIN;
        /* One last look at the input after a timeout, then return. */
        timed_out = rc == -ETIMEDOUT;
    }
}

ssize_t tty_ldisc_read(struct tty *tty, struct file *f, struct io_buffer *buf, size_t len)
{
    if (len == 0)
        return 0;
    for (;;) {
        if (tty_file_hung_up(f))
            return 0;
        int rc = tty_job_control_check(tty, SIGTTIN);
        if (rc < 0)
            return rc;
        mutex_lock(&tty->read_mutex);
        bool canon = (tty->termios.c_lflag & ICANON) != 0;
        ssize_t n = canon ? read_canonical(tty, f, buf, len) : read_raw(tty, f, buf, len);
        mutex_unlock(&tty->read_mutex);
        /* -EAGAIN with a blocking file means the mode changed mid-read, or
         * the caller was moved to the background: look again. */
        if (n == -EAGAIN && !file_nonblocking(f))
            continue;
        return n;
    }
}

/* ---- write ------------------------------------------------------------------------ */

struct write_wait {
    struct tty *tty;
    struct file *f;
};

static int write_wait_ready(void *arg)
{
    struct write_wait *w = arg;
    struct tty *tty = w->tty;
    if (tty_file_hung_up(w->f))
        return 1;
    if (tty->output_stopped)
        return 0;
    return !tty->driver->output_room || tty->driver->output_room(tty) > 0;
}

ssize_t tty_ldisc_write(struct tty *tty, struct file *f, const struct io_buffer *buf, size_t len)
{
    if (tty_file_hung_up(f))
        return -EIO;
    if (tty->termios.c_lflag & TOSTOP) {
        int rc = tty_job_control_check(tty, SIGTTOU);
        if (rc < 0)
            return rc;
    }
    if (len > (size_t)0x7fffffff)
        len = 0x7fffffff;
    char chunk[TTY_CHUNK];
    size_t done = 0;
    ssize_t result = 0;
    mutex_lock(&tty->write_mutex);
    while (done < len && result == 0) {
        size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        int rc = io_buffer_get(buf, done, chunk, n);
        if (rc < 0) {
            result = rc;
            break;
        }
        size_t off = 0;
        while (off < n) {
            irqflags_t fl = spin_lock_irqsave(&tty->lock);
            size_t sent = 0;
            bool dead = tty_file_hung_up(f);
            if (!dead && !tty->output_stopped)
                sent = tty_output_locked(tty, chunk + off, n - off);
            spin_unlock_irqrestore(&tty->lock, fl);
            off += sent;
            if (dead) {
                result = -EIO;
                break;
            }
            if (sent > 0)
                continue;
            if (file_nonblocking(f)) {
                result = -EAGAIN;
                break;
            }
            /* As for reads: nobody sleeps holding the mutex. */
            mutex_unlock(&tty->write_mutex);
            struct write_wait w = { tty, f };
            int wrc = wait_queue_wait(&tty->write_wq, write_wait_ready, &w, 0, 1);
            mutex_lock(&tty->write_mutex);
            if (wrc == -EINTR) {
                result = -EINTR;
                break;
            }
        }
        done += off;
    }
    mutex_unlock(&tty->write_mutex);
    return done ? (ssize_t)done : result;
}
