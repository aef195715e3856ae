/* Open file descriptions: reference counting, the shared offset, and the
 * wrappers that give each unsupported operation its POSIX error. */
#include "kernel/file.h"
#include "fs/vfs.h"
#include "kernel/api/poll.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include <string.h>

static int io_copy_kernel(void *dst, const void *src, size_t n)
{
    memcpy(dst, src, n);
    return 0;
}

struct io_buffer io_buffer_kernel(void *p)
{
    struct io_buffer b = { .base = p, .copy_to = io_copy_kernel, .copy_from = io_copy_kernel };
    return b;
}

static int io_copy_to_user(void *dst, const void *src, size_t n)
{
    return copy_to_user(user_ptr((uintptr_t)dst), src, n);
}

static int io_copy_from_user(void *dst, const void *src, size_t n)
{
    return copy_from_user(dst, user_ptr((uintptr_t)src), n);
}

struct io_buffer io_buffer_user(user_ptr_t p)
{
    struct io_buffer b = { .base = (char *)user_ptr_addr(p), .copy_to = io_copy_to_user,
                           .copy_from = io_copy_from_user };
    return b;
}

int io_buffer_zero(const struct io_buffer *b, size_t at, size_t n)
{
    static const char zeros[256];
    while (n > 0) {
        size_t chunk = n < sizeof(zeros) ? n : sizeof(zeros);
        int rc = io_buffer_put(b, at, zeros, chunk);
        if (rc < 0)
            return rc;
        at += chunk;
        n -= chunk;
    }
    return 0;
}

/* Flags that describe the open() call rather than the description. */
#define FILE_OPEN_ONLY_FLAGS (O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY)

int file_create(struct inode *inode, const struct file_ops *ops, int flags, void *private_data,
                struct file **out)
{
    ASSERT(inode && ops);
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return -ENOMEM;
    f->refcount = 1;
    f->ops = ops;
    f->inode = inode_get(inode);
    mutex_init(&f->pos_lock, "file.pos");
    f->pos = 0;
    f->flags = (uint32_t)flags & ~(uint32_t)FILE_OPEN_ONLY_FLAGS;
    f->private_data = private_data;
    *out = f;
    return 0;
}

struct file *file_get(struct file *f)
{
    uint32_t old = __atomic_fetch_add(&f->refcount, 1, __ATOMIC_RELAXED);
    ASSERT(old > 0);
    return f;
}

void file_put(struct file *f)
{
    uint32_t old = __atomic_fetch_sub(&f->refcount, 1, __ATOMIC_ACQ_REL);
    ASSERT(old > 0);
    if (old != 1)
        return;
    if (f->ops->release)
        f->ops->release(f);
    inode_put(f->inode);
    kfree(f);
}

int file_get_flags(const struct file *f) { return (int)__atomic_load_n(&f->flags, __ATOMIC_RELAXED); }

void file_set_flags(struct file *f, int flags)
{
    uint32_t old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED), new;
    do {
        new = (old & ~(uint32_t)FILE_SETFL_MASK) | ((uint32_t)flags & FILE_SETFL_MASK);
    } while (!__atomic_compare_exchange_n(&f->flags, &old, new, false, __ATOMIC_RELAXED,
                                          __ATOMIC_RELAXED));
}

ssize_t file_read(struct file *f, struct io_buffer *buf, size_t len)
{
    if (!file_readable(f))
        return -EBADF;
    if (!f->ops->read)
        return -EINVAL;
    if (f->ops->unseekable) {
        off_t dummy = 0;
        return f->ops->read(f, buf, len, &dummy);
    }
    mutex_lock(&f->pos_lock);
    ssize_t n = f->ops->read(f, buf, len, &f->pos);
    mutex_unlock(&f->pos_lock);
    return n;
}

ssize_t file_write(struct file *f, const struct io_buffer *buf, size_t len)
{
    if (!file_writable(f))
        return -EBADF;
    if (!f->ops->write)
        return -EINVAL;
    if (f->ops->unseekable) {
        off_t dummy = 0;
        return f->ops->write(f, buf, len, &dummy);
    }
    mutex_lock(&f->pos_lock);
    ssize_t n = f->ops->write(f, buf, len, &f->pos);
    mutex_unlock(&f->pos_lock);
    return n;
}

ssize_t file_pread(struct file *f, struct io_buffer *buf, size_t len, off_t offset)
{
    if (!file_readable(f))
        return -EBADF;
    if (f->ops->unseekable)
        return -ESPIPE;
    if (offset < 0)
        return -EINVAL;
    if (!f->ops->read)
        return -EINVAL;
    return f->ops->read(f, buf, len, &offset);
}

ssize_t file_pwrite(struct file *f, const struct io_buffer *buf, size_t len, off_t offset)
{
    if (!file_writable(f))
        return -EBADF;
    if (f->ops->unseekable)
        return -ESPIPE;
    if (offset < 0)
        return -EINVAL;
    if (!f->ops->write)
        return -EINVAL;
    return f->ops->write(f, buf, len, &offset);
}

/* f->pos_lock held. */
static int file_generic_lseek(struct file *f, off_t offset, int whence, off_t *result)
{
    ASSERT_MUTEX_HELD(&f->pos_lock);
    off_t base;
    switch (whence) {
    case SEEK_SET:
        base = 0;
        break;
    case SEEK_CUR:
        base = f->pos;
        break;
    case SEEK_END:
        mutex_lock(&f->inode->lock);
        base = f->inode->size;
        mutex_unlock(&f->inode->lock);
        break;
    default:
        return -EINVAL;
    }
    off_t target;
    if (__builtin_add_overflow(base, offset, &target))
        return -EOVERFLOW;
    if (target < 0)
        return -EINVAL;
    f->pos = target;
    *result = target;
    return 0;
}

int file_lseek(struct file *f, off_t offset, int whence, off_t *result)
{
    if (f->ops->unseekable)
        return -ESPIPE;
    mutex_lock(&f->pos_lock);
    int rc = f->ops->lseek ? f->ops->lseek(f, offset, whence, result)
                           : file_generic_lseek(f, offset, whence, result);
    mutex_unlock(&f->pos_lock);
    return rc;
}

int file_ioctl(struct file *f, unsigned long request, uintptr_t arg)
{
    if (!f->ops->ioctl)
        return -ENOTTY;
    return f->ops->ioctl(f, request, arg);
}

unsigned file_poll(struct file *f, struct poll_table *pt)
{
    if (!f->ops->poll)
        return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
    return f->ops->poll(f, pt);
}

ssize_t file_getdents(struct file *f, struct io_buffer *buf, size_t len)
{
    if (!f->ops->getdents)
        return -ENOTDIR;
    mutex_lock(&f->pos_lock);
    ssize_t n = f->ops->getdents(f, buf, len, &f->pos);
    mutex_unlock(&f->pos_lock);
    return n;
}

void file_stat(struct file *f, struct stat *out) { vfs_stat_inode(f->inode, out); }

int file_truncate(struct file *f, off_t length)
{
    if (!file_writable(f))
        return -EINVAL;
    if (!S_ISREG(f->inode->mode))
        return -EINVAL;
    return vfs_truncate_inode(f->inode, length);
}
