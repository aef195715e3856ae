/* Terminal ioctls: termios, window size, foreground group, controlling
 * terminal, queues. The numbers and structures are kernel/api/termios.h's
 * (Linux's), so libc's tcgetattr and friends are thin wrappers. */
#include "drivers/tty/tty.h"
#include "kernel/api/signal.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/process.h"
#include <string.h>

static void tty_wake_all(struct tty *tty)
{
    wait_queue_wake_all(&tty->read_wq);
    wait_queue_wake_all(&tty->write_wq);
    wait_queue_wake_all(&tty->input_room_wq);
}

/* Changes that a background process may only make after SIGTTOU (POSIX's
 * tcsetattr, tcsetpgrp, tcflush... from the background). */
static int tty_check_change(struct tty *tty, bool from_master)
{
    return from_master ? 0 : tty_job_control_check(tty, SIGTTOU);
}

static int tty_get_int(const struct io_buffer *argp, int *out) { return io_buffer_get(argp, 0, out, sizeof(*out)); }
static int tty_put_int(const struct io_buffer *argp, int v) { return io_buffer_put(argp, 0, &v, sizeof(v)); }

static int tty_set_termios(struct tty *tty, unsigned long request, const struct io_buffer *argp, bool from_master)
{
    struct termios t;
    int rc = io_buffer_get(argp, 0, &t, sizeof(t));
    if (rc < 0)
        return rc;
    rc = tty_check_change(tty, from_master);
    if (rc < 0)
        return rc;
    /* Output is handed to the device (or the pty master's buffer) as it is
     * written, so TCSETSW and TCSETSF have nothing to wait for. */
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    if (request == TCSETSF)
        tty_flush_input_locked(tty);
    tty_set_termios_locked(tty, &t);
    spin_unlock_irqrestore(&tty->lock, fl);
    tty_wake_all(tty);
    return 0;
}

static int tty_set_winsize(struct tty *tty, const struct io_buffer *argp)
{
    struct winsize ws;
    int rc = io_buffer_get(argp, 0, &ws, sizeof(ws));
    if (rc < 0)
        return rc;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    bool changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
    tty->winsize = ws;
    spin_unlock_irqrestore(&tty->lock, fl);
    if (changed)
        tty_signal_foreground(tty, SIGWINCH);
    return 0;
}

static int tty_flush(struct tty *tty, int queue, bool from_master)
{
    if (queue != TCIFLUSH && queue != TCOFLUSH && queue != TCIOFLUSH)
        return -EINVAL;
    int rc = tty_check_change(tty, from_master);
    if (rc < 0)
        return rc;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    if (queue != TCOFLUSH)
        tty_flush_input_locked(tty);
    if (queue != TCIFLUSH && tty->driver->flush_output)
        tty->driver->flush_output(tty);
    spin_unlock_irqrestore(&tty->lock, fl);
    tty_wake_all(tty);
    return 0;
}

static int tty_flow(struct tty *tty, int action, bool from_master)
{
    int rc = tty_check_change(tty, from_master);
    if (rc < 0)
        return rc;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    switch (action) {
    case TCOOFF:
        tty->output_stopped = true;
        break;
    case TCOON:
        tty->output_stopped = false;
        break;
    case TCIOFF:
    case TCION: {
        /* Ask the other end to stop or start sending. */
        cc_t c = tty->termios.c_cc[action == TCIOFF ? VSTOP : VSTART];
        if (c)
            tty->driver->output(tty, (const char *)&c, 1);
        break;
    }
    default:
        rc = -EINVAL;
    }
    spin_unlock_irqrestore(&tty->lock, fl);
    wait_queue_wake_all(&tty->write_wq);
    return rc;
}

int tty_ioctl(struct tty *tty, struct file *f, unsigned long request, uintptr_t arg,
              const struct io_buffer *argp, bool from_master)
{
    struct process *self = process_current();
    irqflags_t fl;
    switch (request) {
    case TCGETS: {
        struct termios t;
        fl = spin_lock_irqsave(&tty->lock);
        t = tty->termios;
        spin_unlock_irqrestore(&tty->lock, fl);
        return io_buffer_put(argp, 0, &t, sizeof(t));
    }
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
        return tty_set_termios(tty, request, argp, from_master);
    case TIOCGWINSZ: {
        struct winsize ws;
        fl = spin_lock_irqsave(&tty->lock);
        ws = tty->winsize;
        spin_unlock_irqrestore(&tty->lock, fl);
        return io_buffer_put(argp, 0, &ws, sizeof(ws));
    }
    case TIOCSWINSZ:
        return tty_set_winsize(tty, argp);
    case TIOCGPGRP: {
        if (!from_master && !tty_is_controlling(tty, self))
            return -ENOTTY;
        fl = spin_lock_irqsave(&tty->lock);
        int pgrp = tty->fg_pgrp;
        spin_unlock_irqrestore(&tty->lock, fl);
        return tty_put_int(argp, pgrp);
    }
    case TIOCSPGRP: {
        int pgrp;
        int rc = tty_get_int(argp, &pgrp);
        if (rc < 0)
            return rc;
        if (!tty_is_controlling(tty, self))
            return -ENOTTY;
        rc = tty_check_change(tty, from_master);
        if (rc < 0)
            return rc;
        return tty_set_foreground(tty, self, pgrp);
    }
    case TIOCGSID: {
        if (!from_master && !tty_is_controlling(tty, self))
            return -ENOTTY;
        fl = spin_lock_irqsave(&tty->lock);
        int sid = tty->session;
        spin_unlock_irqrestore(&tty->lock, fl);
        return sid ? tty_put_int(argp, sid) : -ENOTTY;
    }
    case TIOCSCTTY:
        if (from_master)
            return -EINVAL;
        return tty_set_controlling(tty, self, arg == 1);
    case TIOCNOTTY:
        if (from_master)
            return -EINVAL;
        return tty_give_up_controlling(tty, self);
    case FIONREAD: {
        fl = spin_lock_irqsave(&tty->lock);
        int n = (int)tty_input_bytes_locked(tty);
        spin_unlock_irqrestore(&tty->lock, fl);
        return tty_put_int(argp, n);
    }
    case TIOCOUTQ: {
        fl = spin_lock_irqsave(&tty->lock);
        int n = tty->driver->output_pending ? (int)tty->driver->output_pending(tty) : 0;
        spin_unlock_irqrestore(&tty->lock, fl);
        return tty_put_int(argp, n);
    }
    case TIOCSTI: {
        /* Faking input: only on one's own terminal, or as root. */
        char c;
        int rc = io_buffer_get(argp, 0, &c, 1);
        if (rc < 0)
            return rc;
        if (!process_is_kernel(self) && self->prot->euid != 0 && !tty_is_controlling(tty, self))
            return -EPERM;
        tty_receive(tty, &c, 1);
        return 0;
    }
    case FIONBIO: {
        int on;
        int rc = tty_get_int(argp, &on);
        if (rc < 0)
            return rc;
        int flags = file_get_flags(f);
        file_set_flags(f, on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK));
        return 0;
    }
    case TCFLSH:
        return tty_flush(tty, (int)arg, from_master);
    case TCXONC:
        return tty_flow(tty, (int)arg, from_master);
    case TCSBRK:
        /* Output is never queued in the core, so draining is immediate;
         * a break (arg 0) has no meaning on these lines. */
        return 0;
    case TIOCEXCL:
    case TIOCNXCL:
        return 0;
    default:
        return -ENOTTY;
    }
}
