/* The terminal registry and the file operations of terminal files. */
#include "drivers/tty/tty.h"
#include "drivers/tty/pty.h"
#include "kernel/api/poll.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "mm/heap.h"
#include <string.h>

struct spinlock tty_registry_lock = SPINLOCK_INIT("tty_registry");
/* Every terminal that exists (tty.registry_node); under tty_registry_lock. */
static struct list_node tty_registry = LIST_INIT(tty_registry);

/* What a terminal file's private_data points at. */
struct tty_file {
    struct tty *tty;        /* one reference */
    unsigned hangup_gen;    /* the tty's generation when opened */
};

static const struct file_ops tty_file_ops;

void tty_default_termios(struct termios *t)
{
    memset(t, 0, sizeof(*t));
    t->c_iflag = ICRNL | IXON | IUTF8;
    t->c_oflag = OPOST | ONLCR;
    t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
    t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    t->c_cc[VINTR] = 003;       /* ^C */
    t->c_cc[VQUIT] = 034;       /* ^\ */
    t->c_cc[VERASE] = 0177;     /* DEL */
    t->c_cc[VKILL] = 025;       /* ^U */
    t->c_cc[VEOF] = 004;        /* ^D */
    t->c_cc[VTIME] = 0;
    t->c_cc[VMIN] = 1;
    t->c_cc[VSTART] = 021;      /* ^Q */
    t->c_cc[VSTOP] = 023;       /* ^S */
    t->c_cc[VSUSP] = 032;       /* ^Z */
    t->c_cc[VREPRINT] = 022;    /* ^R */
    t->c_cc[VDISCARD] = 017;    /* ^O */
    t->c_cc[VWERASE] = 027;     /* ^W */
    t->c_cc[VLNEXT] = 026;      /* ^V */
    t->c_ispeed = B38400;
    t->c_ospeed = B38400;
}

void tty_init(struct tty *tty, const struct tty_driver *driver, const char *name, dev_t dev)
{
    memset(tty, 0, sizeof(*tty));
    tty->driver = driver;
    strlcpy(tty->name, name, sizeof(tty->name));
    tty->dev = dev;
    tty->refcount = 1;
    spinlock_init(&tty->lock, "tty");
    tty_default_termios(&tty->termios);
    tty->winsize.ws_row = 25;
    tty->winsize.ws_col = 80;
    wait_queue_init(&tty->read_wq, "tty.read");
    wait_queue_init(&tty->write_wq, "tty.write");
    wait_queue_init(&tty->input_room_wq, "tty.input_room");
    mutex_init(&tty->read_mutex, "tty.read");
    mutex_init(&tty->write_mutex, "tty.write");
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    list_push_back(&tty_registry, &tty->registry_node);
    spin_unlock_irqrestore(&tty_registry_lock, fl);
}

void tty_get(struct tty *tty)
{
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    ASSERT(tty->refcount > 0);
    tty->refcount++;
    spin_unlock_irqrestore(&tty_registry_lock, fl);
}

bool tty_try_get_locked(struct tty *tty)
{
    ASSERT_HELD(&tty_registry_lock);
    if (tty->refcount == 0)
        return false;
    tty->refcount++;
    return true;
}

void tty_put(struct tty *tty)
{
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    ASSERT(tty->refcount > 0);
    bool last = --tty->refcount == 0;
    if (last)
        list_remove(&tty->registry_node);
    spin_unlock_irqrestore(&tty_registry_lock, fl);
    if (last) {
        /* Only terminals with a destroy hook ever lose their last reference. */
        ASSERT(tty->driver->destroy);
        tty->driver->destroy(tty);
    }
}

void tty_for_each_locked(void (*fn)(struct tty *tty, void *arg), void *arg)
{
    ASSERT_HELD(&tty_registry_lock);
    list_for_each(n, &tty_registry)
        fn(list_entry(n, struct tty, registry_node), arg);
}

/* ---- files ------------------------------------------------------------------ */

int tty_open_file(struct tty *tty, struct file *f, int flags)
{
    struct tty_file *tf = kzalloc(sizeof(*tf));
    if (!tf)
        return -ENOMEM;
    tty_get(tty);
    tf->tty = tty;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    tf->hangup_gen = tty->hangup_gen;
    spin_unlock_irqrestore(&tty->lock, fl);
    if (tty->driver->open) {
        int rc = tty->driver->open(tty, f);
        if (rc < 0) {
            tty_put(tty);
            kfree(tf);
            return rc;
        }
    }
    fl = spin_lock_irqsave(&tty->lock);
    tty->open_count++;
    spin_unlock_irqrestore(&tty->lock, fl);
    /* The description becomes a terminal file, whatever node it came from
     * (ttyS0, console, tty, pts/N). */
    f->ops = &tty_file_ops;
    f->private_data = tf;
    if (!(flags & O_NOCTTY))
        tty_acquire_controlling(tty, process_current());
    return 0;
}

struct tty *tty_from_file(struct file *f)
{
    if (f->ops != &tty_file_ops)
        return NULL;
    struct tty_file *tf = f->private_data;
    return tf->tty;
}

bool tty_file_hung_up(struct file *f)
{
    struct tty_file *tf = f->private_data;
    return __atomic_load_n(&tf->tty->hangup_gen, __ATOMIC_RELAXED) != tf->hangup_gen;
}

static ssize_t tty_file_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    (void)pos;
    struct tty_file *tf = f->private_data;
    return tty_ldisc_read(tf->tty, f, buf, len);
}

static ssize_t tty_file_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    (void)pos;
    struct tty_file *tf = f->private_data;
    return tty_ldisc_write(tf->tty, f, buf, len);
}

static int tty_file_ioctl(struct file *f, unsigned long request, uintptr_t arg)
{
    struct tty_file *tf = f->private_data;
    struct io_buffer argp = io_buffer_user(user_ptr(arg));
    return tty_ioctl(tf->tty, f, request, arg, &argp, false);
}

static unsigned tty_file_poll(struct file *f, struct poll_table *pt)
{
    struct tty_file *tf = f->private_data;
    struct tty *tty = tf->tty;
    poll_table_add(pt, &tty->read_wq);
    poll_table_add(pt, &tty->write_wq);
    if (tty_file_hung_up(f))
        return POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM | POLLHUP;
    unsigned mask = 0;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    if (tty_input_readable_locked(tty))
        mask |= POLLIN | POLLRDNORM;
    bool room = !tty->driver->output_room || tty->driver->output_room(tty) > 0;
    if (room && !tty->output_stopped)
        mask |= POLLOUT | POLLWRNORM;
    spin_unlock_irqrestore(&tty->lock, fl);
    return mask;
}

static void tty_file_release(struct file *f)
{
    struct tty_file *tf = f->private_data;
    struct tty *tty = tf->tty;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    ASSERT(tty->open_count > 0);
    tty->open_count--;
    spin_unlock_irqrestore(&tty->lock, fl);
    if (tty->driver->close)
        tty->driver->close(tty, f);
    kfree(tf);
    tty_put(tty);
}

static const struct file_ops tty_file_ops = {
    .read = tty_file_read,
    .write = tty_file_write,
    .ioctl = tty_file_ioctl,
    .poll = tty_file_poll,
    .release = tty_file_release,
    .unseekable = true,
};

void tty_hangup(struct tty *tty)
{
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    spin_lock_irqsave(&tty->lock);
    int fg = tty->fg_pgrp, session = tty->session;
    tty->session = 0;
    tty->fg_pgrp = 0;
    __atomic_add_fetch(&tty->hangup_gen, 1, __ATOMIC_RELAXED);
    tty->output_stopped = false;
    spin_unlock_irqrestore(&tty->lock, 0);
    spin_unlock_irqrestore(&tty_registry_lock, fl);
    wait_queue_wake_all(&tty->read_wq);
    wait_queue_wake_all(&tty->write_wq);
    wait_queue_wake_all(&tty->input_room_wq);
    if (fg > 0) {
        tty_signal_group(fg, SIGHUP);
        tty_signal_group(fg, SIGCONT);
    }
    if (session > 0) {
        tty_signal_session_leader(session, SIGHUP);
        tty_signal_session_leader(session, SIGCONT);
    }
}

int tty_ioctl_kernel(struct file *f, unsigned long request, void *arg)
{
    struct io_buffer argp = io_buffer_kernel(arg);
    struct tty *tty = tty_from_file(f);
    if (tty)
        return tty_ioctl(tty, f, request, (uintptr_t)arg, &argp, false);
    if (pty_is_master(f))
        return pty_master_ioctl(f, request, (uintptr_t)arg, &argp);
    return -ENOTTY;
}
