/* Open file descriptions: what an fd refers to. Several descriptors (dup,
 * fork) may share one description and with it the offset and status flags.
 *
 * A description is reference counted (file_get/file_put); the last put calls
 * the ops' release hook and drops the inode. Pipes, devices, and later TTYs
 * and sockets plug in through struct file_ops; files of a file system use
 * the VFS's own ops. */
#ifndef KERNEL_FILE_H
#define KERNEL_FILE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/api/fcntl.h"
#include "kernel/api/types.h"
#include "kernel/mutex.h"
#include "kernel/uaccess.h"

struct inode;
struct file;
struct wait_queue;
struct stat;
struct vfs_cred;

/* Memory that a read fills or a write drains: kernel memory, or user memory
 * reached through the syscall layer's accessors (which return 0 or -EFAULT
 * and may fault pages in, so never use a user buffer under a spinlock). */
struct io_buffer {
    char *base;
    /* Copy n bytes into the buffer at `dst` (inside it) from kernel `src`. */
    int (*copy_to)(void *dst, const void *src, size_t n);
    /* Copy n bytes out of the buffer at `src` (inside it) to kernel `dst`. */
    int (*copy_from)(void *dst, const void *src, size_t n);
};

struct io_buffer io_buffer_kernel(void *p);
/* User memory of the current address space, through copy_to_user and
 * copy_from_user: a bad address makes the operation fail with -EFAULT (or
 * return the bytes done before it). */
struct io_buffer io_buffer_user(user_ptr_t p);
/* 0 or a negative errno (-EFAULT from user accessors). */
static inline int io_buffer_put(const struct io_buffer *b, size_t at, const void *src, size_t n)
{
    return b->copy_to(b->base + at, src, n);
}
static inline int io_buffer_get(const struct io_buffer *b, size_t at, void *dst, size_t n)
{
    return b->copy_from(dst, b->base + at, n);
}
/* Fills n bytes of the buffer at `at` with zeros. */
int io_buffer_zero(const struct io_buffer *b, size_t at, size_t n);

/* poll/select registration: a file's poll op calls poll_table_add for every
 * wait queue that is woken when its readiness may have changed. The poll
 * syscall supplies the callback; a NULL table just asks for the state. */
struct poll_table {
    void (*add)(struct poll_table *pt, struct wait_queue *wq);
    void *ctx;
};
static inline void poll_table_add(struct poll_table *pt, struct wait_queue *wq)
{
    if (pt && pt->add)
        pt->add(pt, wq);
}

/* Operations on a description. Any may be NULL: the file_* wrappers then
 * return the POSIX answer for "not supported" (see each). Counts are
 * returned as ssize_t, errors as negative errno. `pos` is the description's
 * offset (under f->pos_lock) or a pread/pwrite offset; ops advance it. */
struct file_ops {
    ssize_t (*read)(struct file *f, struct io_buffer *buf, size_t len, off_t *pos);
    ssize_t (*write)(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos);
    /* NULL: the generic seek (SEEK_END uses the inode size). */
    int (*lseek)(struct file *f, off_t offset, int whence, off_t *result);
    int (*ioctl)(struct file *f, unsigned long request, uintptr_t arg);
    /* Returns the POLL* bits that hold now. */
    unsigned (*poll)(struct file *f, struct poll_table *pt);
    /* Fills buf with struct dirent records; returns bytes used. */
    ssize_t (*getdents)(struct file *f, struct io_buffer *buf, size_t len, off_t *pos);
    /* Last reference dropped. */
    void (*release)(struct file *f);
    /* Not seekable: lseek and pread/pwrite fail with ESPIPE. */
    bool unseekable;
};

struct file {
    uint32_t refcount;          /* atomic */
    const struct file_ops *ops;
    struct inode *inode;        /* one reference; never NULL */
    /* Held across each read/write/seek through the shared offset so that
     * two threads never use the same position twice. Protects pos. */
    struct mutex pos_lock;
    off_t pos;
    uint32_t flags;             /* O_ACCMODE + status flags; atomic accesses */
    void *private_data;         /* the ops' own */
};

/* The status flags F_SETFL may change. */
#define FILE_SETFL_MASK (O_APPEND | O_NONBLOCK)

/* A description for `inode` (taking a new reference on it), with open(2)
 * flags; O_CREAT/O_EXCL/O_TRUNC/O_CLOEXEC/O_NOFOLLOW are not kept. */
int file_create(struct inode *inode, const struct file_ops *ops, int flags, void *private_data,
                struct file **out);
struct file *file_get(struct file *f);
void file_put(struct file *f);

static inline bool file_readable(const struct file *f)
{
    return (f->flags & O_ACCMODE) == O_RDONLY || (f->flags & O_ACCMODE) == O_RDWR;
}
static inline bool file_writable(const struct file *f)
{
    return (f->flags & O_ACCMODE) == O_WRONLY || (f->flags & O_ACCMODE) == O_RDWR;
}
/* The open flags as F_GETFL reports them. */
int file_get_flags(const struct file *f);
/* F_SETFL: changes O_APPEND and O_NONBLOCK; other bits are ignored. */
void file_set_flags(struct file *f, int flags);
static inline bool file_nonblocking(const struct file *f)
{
    return __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK;
}

/* read/write through the shared offset; -EBADF without the access mode. */
ssize_t file_read(struct file *f, struct io_buffer *buf, size_t len);
ssize_t file_write(struct file *f, const struct io_buffer *buf, size_t len);
/* pread/pwrite: at `offset`, leaving the shared one alone; -ESPIPE on pipes,
 * -EINVAL for a negative offset. */
ssize_t file_pread(struct file *f, struct io_buffer *buf, size_t len, off_t offset);
ssize_t file_pwrite(struct file *f, const struct io_buffer *buf, size_t len, off_t offset);
/* SEEK_SET/CUR/END; -EINVAL for an unknown whence or a negative result. */
int file_lseek(struct file *f, off_t offset, int whence, off_t *result);
/* -ENOTTY if the file has no ioctls. */
int file_ioctl(struct file *f, unsigned long request, uintptr_t arg);
/* Files without a poll op are always readable and writable. */
unsigned file_poll(struct file *f, struct poll_table *pt);
/* -ENOTDIR if not a directory. */
ssize_t file_getdents(struct file *f, struct io_buffer *buf, size_t len);
void file_stat(struct file *f, struct stat *out);
/* ftruncate: -EBADF/-EINVAL unless open for writing; -EINVAL unless a
 * regular file. */
int file_truncate(struct file *f, off_t length);
#endif
