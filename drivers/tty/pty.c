/* Pseudo-terminal pairs: the master file and the slave terminal. */
#include "drivers/tty/pty.h"
#include "drivers/tty/tty.h"
#include "fs/device.h"
#include "fs/inode.h"
#include "kernel/api/poll.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "mm/heap.h"
#include <format.h>
#include <string.h>

#define PTY_CHUNK 256

struct pty {
    struct tty tty;                 /* the slave; its lock guards the fields below */
    unsigned index;
    char out[PTY_BUF_SIZE];         /* slave output waiting for the master */
    size_t out_head, out_count;
    bool master_open;
    bool slave_opened;              /* a slave file existed: its last close is EOF */
    unsigned slave_files;
    bool locked;                    /* TIOCSPTLCK: slave opens fail */
    /* Master readers, writers' room aside, and pollers: slave output
     * arrived, the last slave file closed. */
    struct wait_queue master_wq;
};

/* Protects pty_table and pty_number_used. A number is taken from the start
 * of a master's open until its pair's last reference is dropped; the table
 * points at the pair once it is complete. */
static struct spinlock pty_table_lock = SPINLOCK_INIT("pty_table");
static struct pty *pty_table[PTY_MAX];
static bool pty_number_used[PTY_MAX];

static struct pty *pty_of(struct tty *tty) { return container_of(tty, struct pty, tty); }

static bool slave_gone(const struct pty *pty) { return pty->slave_opened && pty->slave_files == 0; }

/* ---- the slave side (a terminal driver) --------------------------------------- */

static void pty_slave_output(struct tty *tty, const char *s, size_t n)
{
    struct pty *pty = pty_of(tty);
    ASSERT_HELD(&tty->lock);
    if (!pty->master_open)
        return;     /* nobody will ever read it */
    ASSERT(pty->out_count + n <= PTY_BUF_SIZE);
    for (size_t i = 0; i < n; i++)
        pty->out[(pty->out_head + pty->out_count + i) % PTY_BUF_SIZE] = s[i];
    pty->out_count += n;
    wait_queue_wake_all(&pty->master_wq);
}

static size_t pty_slave_output_room(struct tty *tty)
{
    struct pty *pty = pty_of(tty);
    if (!pty->master_open)
        return (size_t)-1;
    return PTY_BUF_SIZE - pty->out_count;
}

static size_t pty_slave_output_pending(struct tty *tty)
{
    ASSERT_HELD(&tty->lock);
    return pty_of(tty)->out_count;
}

static void pty_slave_flush_output(struct tty *tty)
{
    ASSERT_HELD(&tty->lock);
    struct pty *pty = pty_of(tty);
    pty->out_head = pty->out_count = 0;
}

static int pty_slave_open(struct tty *tty, struct file *f)
{
    (void)f;
    struct pty *pty = pty_of(tty);
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    int rc = 0;
    if (!pty->master_open || pty->locked) {
        rc = -EIO;
    } else {
        pty->slave_files++;
        pty->slave_opened = true;
    }
    spin_unlock_irqrestore(&tty->lock, fl);
    return rc;
}

static void pty_slave_close(struct tty *tty, struct file *f)
{
    (void)f;
    struct pty *pty = pty_of(tty);
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    ASSERT(pty->slave_files > 0);
    bool last = --pty->slave_files == 0;
    spin_unlock_irqrestore(&tty->lock, fl);
    if (last) {
        wait_queue_wake_all(&pty->master_wq);
        wait_queue_wake_all(&tty->input_room_wq);
    }
}

static void pty_destroy(struct tty *tty)
{
    struct pty *pty = pty_of(tty);
    devpts_remove_node(pty->index);
    irqflags_t fl = spin_lock_irqsave(&pty_table_lock);
    ASSERT(pty_table[pty->index] == pty);
    pty_table[pty->index] = NULL;
    pty_number_used[pty->index] = false;
    spin_unlock_irqrestore(&pty_table_lock, fl);
    kfree(pty);
}

static const struct tty_driver pty_slave_driver = {
    .output = pty_slave_output,
    .output_room = pty_slave_output_room,
    .output_pending = pty_slave_output_pending,
    .flush_output = pty_slave_flush_output,
    .open = pty_slave_open,
    .close = pty_slave_close,
    .destroy = pty_destroy,
};

/* ---- the master file ------------------------------------------------------------ */

static int master_readable(void *arg)
{
    struct pty *pty = arg;
    return pty->out_count > 0 || slave_gone(pty);
}

static ssize_t pty_master_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    (void)pos;
    struct pty *pty = f->private_data;
    struct tty *tty = &pty->tty;
    char chunk[PTY_CHUNK];
    size_t done = 0;
    if (len == 0)
        return 0;
    for (;;) {
        irqflags_t fl = spin_lock_irqsave(&tty->lock);
        size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        if (n > pty->out_count)
            n = pty->out_count;
        for (size_t i = 0; i < n; i++)
            chunk[i] = pty->out[(pty->out_head + i) % PTY_BUF_SIZE];
        pty->out_head = (pty->out_head + n) % PTY_BUF_SIZE;
        pty->out_count -= n;
        bool gone = slave_gone(pty);
        spin_unlock_irqrestore(&tty->lock, fl);
        if (n > 0) {
            wait_queue_wake_all(&tty->write_wq);
            int rc = io_buffer_put(buf, done, chunk, n);
            if (rc < 0)
                return done ? (ssize_t)done : rc;
            done += n;
            if (done < len)
                continue;
        }
        if (done > 0)
            return (ssize_t)done;
        if (gone)
            return -EIO;
        if (file_nonblocking(f))
            return -EAGAIN;
        if (wait_queue_wait(&pty->master_wq, master_readable, pty, 0, 1) == -EINTR)
            return -EINTR;
    }
}

static int master_writable(void *arg)
{
    struct pty *pty = arg;
    return tty_input_has_room(&pty->tty) || slave_gone(pty);
}

static ssize_t pty_master_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    (void)pos;
    struct pty *pty = f->private_data;
    struct tty *tty = &pty->tty;
    char chunk[PTY_CHUNK];
    size_t done = 0;
    ssize_t result = 0;
    while (done < len && result == 0) {
        size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        int rc = io_buffer_get(buf, done, chunk, n);
        if (rc < 0) {
            result = rc;
            break;
        }
        size_t off = 0;
        while (off < n) {
            if (slave_gone(pty)) {
                result = -EIO;
                break;
            }
            size_t took = tty_receive(tty, chunk + off, n - off);
            off += took;
            if (took > 0)
                continue;
            if (file_nonblocking(f)) {
                result = -EAGAIN;
                break;
            }
            if (wait_queue_wait(&tty->input_room_wq, master_writable, pty, 0, 1) == -EINTR) {
                result = -EINTR;
                break;
            }
        }
        done += off;
    }
    return done ? (ssize_t)done : result;
}

static unsigned pty_master_poll(struct file *f, struct poll_table *pt)
{
    struct pty *pty = f->private_data;
    struct tty *tty = &pty->tty;
    poll_table_add(pt, &pty->master_wq);
    poll_table_add(pt, &tty->input_room_wq);
    unsigned mask = 0;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    if (pty->out_count > 0)
        mask |= POLLIN | POLLRDNORM;
    if (slave_gone(pty))
        mask |= POLLHUP;
    else if (tty_input_has_room(tty))
        mask |= POLLOUT | POLLWRNORM;
    spin_unlock_irqrestore(&tty->lock, fl);
    return mask;
}

int pty_master_ioctl(struct file *f, unsigned long request, uintptr_t arg, const struct io_buffer *argp)
{
    struct pty *pty = f->private_data;
    struct tty *tty = &pty->tty;
    switch (request) {
    case TIOCGPTN: {
        unsigned n = pty->index;
        return io_buffer_put(argp, 0, &n, sizeof(n));
    }
    case TIOCSPTLCK: {
        int lock;
        int rc = io_buffer_get(argp, 0, &lock, sizeof(lock));
        if (rc < 0)
            return rc;
        irqflags_t fl = spin_lock_irqsave(&tty->lock);
        pty->locked = lock != 0;
        spin_unlock_irqrestore(&tty->lock, fl);
        return 0;
    }
    case FIONREAD: {
        irqflags_t fl = spin_lock_irqsave(&tty->lock);
        int n = (int)pty->out_count;
        spin_unlock_irqrestore(&tty->lock, fl);
        return io_buffer_put(argp, 0, &n, sizeof(n));
    }
    default:
        return tty_ioctl(tty, f, request, arg, argp, true);
    }
}

static int pty_master_ioctl_user(struct file *f, unsigned long request, uintptr_t arg)
{
    struct io_buffer argp = io_buffer_user(user_ptr(arg));
    return pty_master_ioctl(f, request, arg, &argp);
}

static void pty_master_release(struct file *f)
{
    struct pty *pty = f->private_data;
    if (!pty)
        return;     /* the open failed before a pair existed */
    struct tty *tty = &pty->tty;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    pty->master_open = false;
    pty->out_head = pty->out_count = 0;
    spin_unlock_irqrestore(&tty->lock, fl);
    tty_hangup(tty);
    tty_put(tty);   /* the master's reference */
}

static const struct file_ops pty_master_ops = {
    .read = pty_master_read,
    .write = pty_master_write,
    .ioctl = pty_master_ioctl_user,
    .poll = pty_master_poll,
    .release = pty_master_release,
    .unseekable = true,
};

bool pty_is_master(struct file *f) { return f->ops == &pty_master_ops; }

static int ptmx_open(struct char_device *cdev, struct file *f, int flags)
{
    (void)cdev;
    (void)flags;        /* a master never becomes a controlling terminal */
    f->private_data = NULL;
    irqflags_t fl = spin_lock_irqsave(&pty_table_lock);
    int index = -1;
    for (int i = 0; i < PTY_MAX && index < 0; i++)
        if (!pty_number_used[i])
            index = i;
    if (index >= 0)
        pty_number_used[index] = true;
    spin_unlock_irqrestore(&pty_table_lock, fl);
    if (index < 0)
        return -ENOSPC;
    struct pty *pty = kzalloc(sizeof(*pty));
    if (!pty) {
        fl = spin_lock_irqsave(&pty_table_lock);
        pty_number_used[index] = false;
        spin_unlock_irqrestore(&pty_table_lock, fl);
        return -ENOMEM;
    }
    char name[TTY_NAME_MAX];
    snprintf(name, sizeof(name), "pts/%d", index);
    tty_init(&pty->tty, &pty_slave_driver, name, DEV_MAKE(PTY_SLAVE_MAJOR, index));
    pty->tty.driver_data = pty;
    pty->index = (unsigned)index;
    pty->master_open = true;
    pty->locked = true;
    wait_queue_init(&pty->master_wq, "pty.master");
    fl = spin_lock_irqsave(&pty_table_lock);
    pty_table[index] = pty;
    spin_unlock_irqrestore(&pty_table_lock, fl);
    f->private_data = pty;

    struct process *self = process_current();
    int rc = devpts_create_node((unsigned)index, self->prot->euid, self->prot->egid);
    if (rc < 0 && rc != -ENODEV)
        printk("pty: no /dev/pts/%d node (error %d)\n", index, rc);
    return 0;
}

/* Opening /dev/pts/N: the slave of pair N, if it exists and is unlocked. */
static int pts_open(struct char_device *cdev, struct file *f, int flags)
{
    unsigned index = DEV_MINOR(f->inode->rdev) - DEV_MINOR(cdev->dev);
    struct pty *pty = NULL;
    irqflags_t fl = spin_lock_irqsave(&pty_table_lock);
    if (index < PTY_MAX && pty_table[index]) {
        spin_lock_irqsave(&tty_registry_lock);
        if (tty_try_get_locked(&pty_table[index]->tty))
            pty = pty_table[index];
        spin_unlock_irqrestore(&tty_registry_lock, 0);
    }
    spin_unlock_irqrestore(&pty_table_lock, fl);
    if (!pty)
        return -ENXIO;
    int rc = tty_open_file(&pty->tty, f, flags);
    tty_put(&pty->tty);
    return rc;
}

/* Until an open hook makes them terminal or master files, descriptions of
 * these devices can do nothing. */
static const struct file_ops pty_unopened_ops = { .unseekable = true };

static struct char_device ptmx_device = {
    .name = "ptmx", .dev = DEV_MAKE(5, 2), .mode = 0666, .ops = &pty_master_ops, .open_with_flags = ptmx_open,
};

static struct char_device pts_devices = {
    .name = "pts", .dev = DEV_MAKE(PTY_SLAVE_MAJOR, 0), .minor_count = PTY_MAX, .no_devfs_node = true,
    .ops = &pty_unopened_ops, .open_with_flags = pts_open,
};

void pty_register(void)
{
    int rc = device_register_char(&ptmx_device);
    if (rc == 0)
        rc = device_register_char(&pts_devices);
    if (rc < 0)
        printk("pty: cannot register the pseudo-terminal devices (error %d)\n", rc);
}
