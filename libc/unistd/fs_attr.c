/* File attributes: status, permissions, ownership, size and times. As with
 * lseek, lengths are 64-bit and travel by pointer: truncate(path, &length),
 * ftruncate(fd, &length). */
#include <fcntl.h>
#include <stddef.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../internal/syscall.h"

int fstatat(int dirfd, const char *restrict path, struct stat *restrict st,
            int flags)
{
    return (int)__syscall_ret(
        __syscall4(SYS_fstatat, dirfd, __SC(path), __SC(st), flags));
}

int stat(const char *restrict path, struct stat *restrict st)
{
    return fstatat(AT_FDCWD, path, st, 0);
}

int lstat(const char *restrict path, struct stat *restrict st)
{
    return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

int fstat(int fd, struct stat *st)
{
    return (int)__syscall_ret(__syscall2(SYS_fstat, fd, __SC(st)));
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
    return (int)__syscall_ret(
        __syscall4(SYS_fchmodat, dirfd, __SC(path), __SC(mode), flags));
}

int chmod(const char *path, mode_t mode)
{
    return fchmodat(AT_FDCWD, path, mode, 0);
}

int fchmod(int fd, mode_t mode)
{
    return (int)__syscall_ret(__syscall2(SYS_fchmod, fd, __SC(mode)));
}

int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags)
{
    return (int)__syscall_ret(__syscall5(SYS_fchownat, dirfd, __SC(path),
                                         __SC(owner), __SC(group), flags));
}

int chown(const char *path, uid_t owner, gid_t group)
{
    return fchownat(AT_FDCWD, path, owner, group, 0);
}

int lchown(const char *path, uid_t owner, gid_t group)
{
    return fchownat(AT_FDCWD, path, owner, group, AT_SYMLINK_NOFOLLOW);
}

int fchown(int fd, uid_t owner, gid_t group)
{
    return (int)__syscall_ret(__syscall3(SYS_fchown, fd, __SC(owner), __SC(group)));
}

/* The mask is always valid, so umask cannot fail. */
mode_t umask(mode_t mask)
{
    return (mode_t)__syscall1(SYS_umask, __SC(mask));
}

int truncate(const char *path, off_t length)
{
    return (int)__syscall_ret(__syscall2(SYS_truncate, __SC(path), __SC(&length)));
}

int ftruncate(int fd, off_t length)
{
    return (int)__syscall_ret(__syscall2(SYS_ftruncate, fd, __SC(&length)));
}

int utimensat(int dirfd, const char *path, const struct timespec times[2],
              int flags)
{
    return (int)__syscall_ret(
        __syscall4(SYS_utimensat, dirfd, __SC(path), __SC(times), flags));
}

/* A NULL path makes the kernel's utimensat act on dirfd itself. */
int futimens(int fd, const struct timespec times[2])
{
    return utimensat(fd, NULL, times, 0);
}

int utimes(const char *path, const struct timeval times[2])
{
    if (!times)
        return utimensat(AT_FDCWD, path, NULL, 0);
    struct timespec ts[2];
    for (int i = 0; i < 2; i++) {
        if (times[i].tv_usec < 0 || times[i].tv_usec >= 1000000) {
            errno = EINVAL;
            return -1;
        }
        ts[i].tv_sec = times[i].tv_sec;
        ts[i].tv_nsec = times[i].tv_usec * 1000;
    }
    return utimensat(AT_FDCWD, path, ts, 0);
}
