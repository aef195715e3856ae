/* read, write and their vectored and positioned forms, and lseek. */
#include "kernel/api/limits.h"
#include "kernel/errno.h"
#include "kernel/signal.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/thread.h"
#include "mm/heap.h"

#define IOV_MAX_COUNT 1024
#define SSIZE_LIMIT 0x7FFFFFFFu

struct user_iovec {
    uint32_t base;
    uint32_t len;
};

/* Writing to a pipe nobody reads raises SIGPIPE as well as EPIPE. */
static long write_result(long rc)
{
    if (rc == -EPIPE)
        signal_send_thread(thread_current(), SIGPIPE, NULL);
    return rc;
}

/* One buffer, at the file's position or (with offset) at *offset. */
static long buffer_io(int fd, user_ptr_t buf, size_t count, const off_t *offset, bool writing)
{
    if (count > SSIZE_LIMIT)
        return -EINVAL;
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    long n = -EFAULT;
    /* An empty transfer touches no memory, so any pointer will do (read(fd,
     * NULL, 0) is a common probe). */
    if (count == 0 || user_range_ok(buf, count)) {
        struct io_buffer b = io_buffer_user(buf);
        if (offset)
            n = writing ? file_pwrite(f, &b, count, *offset) : file_pread(f, &b, count, *offset);
        else
            n = writing ? file_write(f, &b, count) : file_read(f, &b, count);
    }
    file_put(f);
    return writing ? write_result(n) : n;
}

long sys_read(int fd, user_ptr_t buf, size_t count) { return buffer_io(fd, buf, count, NULL, false); }
long sys_write(int fd, user_ptr_t buf, size_t count) { return buffer_io(fd, buf, count, NULL, true); }

/* Copies the user's iovec array in and checks the total. */
static long iovec_in(user_ptr_t iov_ptr, int count, struct user_iovec **out)
{
    if (count < 0 || count > IOV_MAX_COUNT)
        return -EINVAL;
    struct user_iovec *iov = kmalloc((size_t)(count ? count : 1) * sizeof(*iov));
    if (!iov)
        return -ENOMEM;
    if (copy_from_user(iov, iov_ptr, (size_t)count * sizeof(*iov)) < 0) {
        kfree(iov);
        return -EFAULT;
    }
    uint64_t total = 0;
    for (int i = 0; i < count; i++) {
        total += iov[i].len;
        if (total > SSIZE_LIMIT) {
            kfree(iov);
            return -EINVAL;
        }
        if (iov[i].len && !user_range_ok(user_ptr(iov[i].base), iov[i].len)) {
            kfree(iov);
            return -EFAULT;
        }
    }
    *out = iov;
    return 0;
}

static long vector_io(int fd, user_ptr_t iov_ptr, int count, bool writing)
{
    struct user_iovec *iov;
    long rc = iovec_in(iov_ptr, count, &iov);
    if (rc < 0)
        return rc;
    struct file *f;
    rc = syscall_file_get(fd, &f);
    if (rc < 0) {
        kfree(iov);
        return rc;
    }
    long done = 0;
    for (int i = 0; i < count; i++) {
        if (iov[i].len == 0)
            continue;
        struct io_buffer b = io_buffer_user(user_ptr(iov[i].base));
        long n = writing ? file_write(f, &b, iov[i].len) : file_read(f, &b, iov[i].len);
        if (n < 0) {
            if (done == 0)
                done = n;
            break;
        }
        done += n;
        if ((uint32_t)n < iov[i].len)
            break;  /* a short transfer ends the call, as on any Unix */
    }
    file_put(f);
    kfree(iov);
    return writing ? write_result(done) : done;
}

long sys_readv(int fd, user_ptr_t iov, int count) { return vector_io(fd, iov, count, false); }
long sys_writev(int fd, user_ptr_t iov, int count) { return vector_io(fd, iov, count, true); }

/* 64-bit offsets travel by pointer: they do not fit one register. */
static long positioned_io(int fd, user_ptr_t buf, size_t count, user_ptr_t offset_ptr, bool writing)
{
    if (count > SSIZE_LIMIT)
        return -EINVAL;
    off_t offset;
    if (copy_from_user(&offset, offset_ptr, sizeof(offset)) < 0)
        return -EFAULT;
    return buffer_io(fd, buf, count, &offset, writing);
}

long sys_pread(int fd, user_ptr_t buf, size_t count, user_ptr_t offset)
{
    return positioned_io(fd, buf, count, offset, false);
}

long sys_pwrite(int fd, user_ptr_t buf, size_t count, user_ptr_t offset)
{
    return positioned_io(fd, buf, count, offset, true);
}

/* lseek(fd, &offset, whence): the new position is written back to offset. */
long sys_lseek(int fd, user_ptr_t offset_ptr, int whence)
{
    off_t offset, result;
    if (copy_from_user(&offset, offset_ptr, sizeof(offset)) < 0)
        return -EFAULT;
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    rc = file_lseek(f, offset, whence, &result);
    file_put(f);
    if (rc < 0)
        return rc;
    return copy_to_user(offset_ptr, &result, sizeof(result));
}
