/* The name space: opening, creating, linking, removing and renaming. The
 * kernel has only the *at forms; the classic calls are those at AT_FDCWD. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../internal/syscall.h"

int openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return (int)__syscall_ret(
        __syscall4(SYS_openat, dirfd, __SC(path), flags, __SC(mode)));
}

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, mode_t);
        va_end(ap);
    }
    return openat(AT_FDCWD, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
    return openat(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
    return (int)__syscall_ret(__syscall3(SYS_mkdirat, dirfd, __SC(path), __SC(mode)));
}

int mkdir(const char *path, mode_t mode)
{
    return mkdirat(AT_FDCWD, path, mode);
}

int unlinkat(int dirfd, const char *path, int flags)
{
    return (int)__syscall_ret(__syscall3(SYS_unlinkat, dirfd, __SC(path), flags));
}

int unlink(const char *path)
{
    return unlinkat(AT_FDCWD, path, 0);
}

int rmdir(const char *path)
{
    return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

/* C's remove(): a directory is removed like rmdir, anything else unlinked. */
int remove(const char *path)
{
    struct stat st;
    if (fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
        return rmdir(path);
    return unlink(path);
}

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
    return (int)__syscall_ret(__syscall4(SYS_renameat, olddirfd, __SC(oldpath),
                                         newdirfd, __SC(newpath)));
}

int rename(const char *oldpath, const char *newpath)
{
    return renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
           int flags)
{
    return (int)__syscall_ret(__syscall5(SYS_linkat, olddirfd, __SC(oldpath),
                                         newdirfd, __SC(newpath), flags));
}

int link(const char *oldpath, const char *newpath)
{
    return linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

int symlinkat(const char *target, int newdirfd, const char *linkpath)
{
    return (int)__syscall_ret(
        __syscall3(SYS_symlinkat, __SC(target), newdirfd, __SC(linkpath)));
}

int symlink(const char *target, const char *linkpath)
{
    return symlinkat(target, AT_FDCWD, linkpath);
}

ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buf,
                   size_t size)
{
    return __syscall_ret(
        __syscall4(SYS_readlinkat, dirfd, __SC(path), __SC(buf), __SC(size)));
}

ssize_t readlink(const char *restrict path, char *restrict buf, size_t size)
{
    return readlinkat(AT_FDCWD, path, buf, size);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
    return (int)__syscall_ret(
        __syscall4(SYS_faccessat, dirfd, __SC(path), mode, flags));
}

int access(const char *path, int mode)
{
    return faccessat(AT_FDCWD, path, mode, 0);
}

int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    return (int)__syscall_ret(__syscall3(SYS_fcntl, fd, cmd, arg));
}
