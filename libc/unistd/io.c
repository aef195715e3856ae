/* Reading, writing and managing descriptors.
 *
 * off_t is 64 bits but the gate carries 32-bit words, so the calls with an
 * offset take it by pointer: lseek(fd, &offset, whence) reads the offset and
 * stores the resulting position back into it (returning 0), and pread and
 * pwrite take a `const off_t *` as their fourth argument. */
#include <errno.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>
#include <stdarg.h>

#include "../internal/syscall.h"

ssize_t read(int fd, void *buf, size_t count)
{
    return __syscall_ret(__syscall3(SYS_read, fd, __SC(buf), __SC(count)));
}

ssize_t write(int fd, const void *buf, size_t count)
{
    return __syscall_ret(__syscall3(SYS_write, fd, __SC(buf), __SC(count)));
}

ssize_t readv(int fd, const struct iovec *iov, int iovcnt)
{
    return __syscall_ret(__syscall3(SYS_readv, fd, __SC(iov), iovcnt));
}

ssize_t writev(int fd, const struct iovec *iov, int iovcnt)
{
    return __syscall_ret(__syscall3(SYS_writev, fd, __SC(iov), iovcnt));
}

ssize_t pread(int fd, void *buf, size_t count, off_t offset)
{
    return __syscall_ret(
        __syscall4(SYS_pread, fd, __SC(buf), __SC(count), __SC(&offset)));
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset)
{
    return __syscall_ret(
        __syscall4(SYS_pwrite, fd, __SC(buf), __SC(count), __SC(&offset)));
}

off_t lseek(int fd, off_t offset, int whence)
{
    if (__syscall_ret(__syscall3(SYS_lseek, fd, __SC(&offset), whence)) < 0)
        return -1;
    return offset;
}

int close(int fd)
{
    return (int)__syscall_ret(__syscall1(SYS_close, fd));
}

int dup(int fd)
{
    return (int)__syscall_ret(__syscall1(SYS_dup, fd));
}

int dup3(int oldfd, int newfd, int flags)
{
    return (int)__syscall_ret(__syscall3(SYS_dup3, oldfd, newfd, flags));
}

/* dup3 refuses oldfd == newfd; dup2 then only checks that oldfd is open. */
int dup2(int oldfd, int newfd)
{
    if (oldfd == newfd) {
        long r = __syscall3(SYS_fcntl, oldfd, 1 /* F_GETFD */, 0);
        return __syscall_failed(r) ? (int)__syscall_ret(r) : newfd;
    }
    return dup3(oldfd, newfd, 0);
}

int pipe2(int fds[2], int flags)
{
    return (int)__syscall_ret(__syscall2(SYS_pipe2, __SC(fds), flags));
}

int pipe(int fds[2])
{
    return pipe2(fds, 0);
}

int ioctl(int fd, unsigned long request, ...)
{
    va_list ap;
    va_start(ap, request);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return (int)__syscall_ret(__syscall3(SYS_ioctl, fd, __SC(request), __SC(arg)));
}

void sync(void)
{
    __syscall0(SYS_sync);
}
