/* Pipes. */
#include "fs/pipe.h"
#include "fs/inode.h"
#include "kernel/api/fcntl.h"
#include "kernel/api/limits.h"
#include "kernel/api/poll.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/wait_queue.h"
#include "mm/heap.h"

struct pipe {
    /* Protects buf contents, head, count, readers and writers. */
    struct mutex lock;
    /* Readers, writers and pollers all wait here; every change of the
     * state above wakes them all to re-check. */
    struct wait_queue wq;
    char *buf;
    size_t head;            /* index of the oldest byte */
    size_t count;           /* bytes in the buffer */
    unsigned readers, writers;
    struct inode inode;     /* what fstat describes */
};

/* ---- the anonymous inodes of pipes ------------------------------------- */

static void pipefs_release_inode(struct inode *inode)
{
    struct pipe *p = container_of(inode, struct pipe, inode);
    kfree(p->buf);
    kfree(p);
}

static const struct vfs_fs_ops pipefs_ops = { .release_inode = pipefs_release_inode };
static const struct inode_ops pipe_inode_ops = { .lookup = NULL };
/* Pipes belong to no mounted fs; this instance only gives them a device
 * number and a release hook. */
static struct vfs_fs pipefs;
static bool pipefs_ready;
static uint32_t pipe_next_ino = 1;

/* ---- reading and writing ----------------------------------------------------- */

static int pipe_readable_now(void *arg)
{
    struct pipe *p = arg;
    return p->count > 0 || p->writers == 0;
}

struct pipe_write_wait {
    struct pipe *p;
    size_t need;
};

static int pipe_writable_now(void *arg)
{
    struct pipe_write_wait *w = arg;
    return w->p->readers == 0 || PIPE_CAPACITY - w->p->count >= w->need;
}

static ssize_t pipe_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    struct pipe *p = f->private_data;
    if (len == 0)
        return 0;
    mutex_lock(&p->lock);
    while (p->count == 0) {
        if (p->writers == 0) {
            mutex_unlock(&p->lock);
            return 0;
        }
        if (file_nonblocking(f)) {
            mutex_unlock(&p->lock);
            return -EAGAIN;
        }
        mutex_unlock(&p->lock);
        int rc = wait_queue_wait(&p->wq, pipe_readable_now, p, 0, 1);
        if (rc == -EINTR)
            return -EINTR;
        mutex_lock(&p->lock);
    }
    size_t n = len < p->count ? len : p->count;
    size_t first = PIPE_CAPACITY - p->head;
    if (first > n)
        first = n;
    int rc = io_buffer_put(buf, 0, p->buf + p->head, first);
    if (rc == 0 && n > first)
        rc = io_buffer_put(buf, first, p->buf, n - first);
    if (rc == 0) {
        p->head = (p->head + n) % PIPE_CAPACITY;
        p->count -= n;
        wait_queue_wake_all(&p->wq);
    }
    mutex_unlock(&p->lock);
    return rc < 0 ? rc : (ssize_t)n;
}

/* p->lock held. Appends n bytes from buf at offset `at`. */
static int pipe_append(struct pipe *p, const struct io_buffer *buf, size_t at, size_t n)
{
    ASSERT_MUTEX_HELD(&p->lock);
    size_t tail = (p->head + p->count) % PIPE_CAPACITY;
    size_t first = PIPE_CAPACITY - tail;
    if (first > n)
        first = n;
    int rc = io_buffer_get(buf, at, p->buf + tail, first);
    if (rc == 0 && n > first)
        rc = io_buffer_get(buf, at + first, p->buf, n - first);
    if (rc == 0)
        p->count += n;
    return rc;
}

static ssize_t pipe_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    struct pipe *p = f->private_data;
    if (len == 0)
        return 0;
    if (len > (size_t)0x7fffffff)
        len = 0x7fffffff;
    /* Small writes are atomic: they wait for room for all of it. */
    bool atomic = len <= PIPE_BUF;
    size_t done = 0;
    mutex_lock(&p->lock);
    for (;;) {
        if (p->readers == 0) {
            mutex_unlock(&p->lock);
            return done ? (ssize_t)done : -EPIPE;
        }
        size_t room = PIPE_CAPACITY - p->count;
        size_t need = atomic ? len : 1;
        if (room >= need) {
            size_t n = len - done < room ? len - done : room;
            int rc = pipe_append(p, buf, done, n);
            if (rc < 0) {
                mutex_unlock(&p->lock);
                return done ? (ssize_t)done : rc;
            }
            done += n;
            wait_queue_wake_all(&p->wq);
            if (done == len)
                break;
            continue;
        }
        if (file_nonblocking(f)) {
            mutex_unlock(&p->lock);
            return done ? (ssize_t)done : -EAGAIN;
        }
        mutex_unlock(&p->lock);
        struct pipe_write_wait w = { p, need };
        int rc = wait_queue_wait(&p->wq, pipe_writable_now, &w, 0, 1);
        if (rc == -EINTR)
            return done ? (ssize_t)done : -EINTR;
        mutex_lock(&p->lock);
    }
    mutex_unlock(&p->lock);
    return (ssize_t)done;
}

static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
    struct pipe *p = f->private_data;
    poll_table_add(pt, &p->wq);
    unsigned mask = 0;
    mutex_lock(&p->lock);
    if (file_readable(f)) {
        if (p->count > 0)
            mask |= POLLIN | POLLRDNORM;
        if (p->writers == 0)
            mask |= POLLHUP;
    }
    if (file_writable(f)) {
        if (PIPE_CAPACITY - p->count >= PIPE_BUF)
            mask |= POLLOUT | POLLWRNORM;
        if (p->readers == 0)
            mask |= POLLERR;
    }
    mutex_unlock(&p->lock);
    return mask;
}

static void pipe_release(struct file *f)
{
    struct pipe *p = f->private_data;
    mutex_lock(&p->lock);
    if (file_readable(f))
        p->readers--;
    if (file_writable(f))
        p->writers--;
    wait_queue_wake_all(&p->wq);
    mutex_unlock(&p->lock);
    /* The pipe itself goes with its inode, after the file's reference. */
}

static const struct file_ops pipe_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .poll = pipe_poll,
    .release = pipe_release,
    .unseekable = true,
};

int pipe_create(struct file **read_end, struct file **write_end)
{
    if (!__atomic_load_n(&pipefs_ready, __ATOMIC_ACQUIRE)) {
        /* Idempotent set-up; two racing first callers write the same values. */
        static struct spinlock init_lock = SPINLOCK_INIT("pipefs.init");
        irqflags_t fl = spin_lock_irqsave(&init_lock);
        if (!pipefs_ready) {
            vfs_fs_init(&pipefs, &pipefs_ops, "pipefs");
            __atomic_store_n(&pipefs_ready, true, __ATOMIC_RELEASE);
        }
        spin_unlock_irqrestore(&init_lock, fl);
    }
    struct pipe *p = kzalloc(sizeof(*p));
    if (!p)
        return -ENOMEM;
    p->buf = kmalloc(PIPE_CAPACITY);
    if (!p->buf) {
        kfree(p);
        return -ENOMEM;
    }
    mutex_init(&p->lock, "pipe");
    wait_queue_init(&p->wq, "pipe");
    p->readers = 1;
    p->writers = 1;
    ino_t ino = __atomic_fetch_add(&pipe_next_ino, 1, __ATOMIC_RELAXED);
    inode_init(&p->inode, &pipefs, &pipe_inode_ops, ino, S_IFIFO | 0600, 0, 0);
    p->inode.nlink = 1;

    struct file *r, *w;
    int rc = file_create(&p->inode, &pipe_ops, O_RDONLY, p, &r);
    if (rc < 0)
        goto fail_inode;
    rc = file_create(&p->inode, &pipe_ops, O_WRONLY, p, &w);
    if (rc < 0)
        goto fail_read;
    inode_put(&p->inode);   /* the files hold it now */
    *read_end = r;
    *write_end = w;
    return 0;

fail_read:
    file_put(r);    /* drops readers; the pipe stays with the inode */
fail_inode:
    p->writers = 0;
    inode_put(&p->inode);
    return rc;
}
