/* Where paths start: the working and root directories, canonical paths,
 * and the mount table. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../internal/syscall.h"

int chdir(const char *path)
{
    return (int)__syscall_ret(__syscall1(SYS_chdir, __SC(path)));
}

int fchdir(int fd)
{
    return (int)__syscall_ret(__syscall1(SYS_fchdir, fd));
}

int chroot(const char *path)
{
    return (int)__syscall_ret(__syscall1(SYS_chroot, __SC(path)));
}

/* The kernel fills buf (ERANGE if it is too small) and returns the length. */
char *getcwd(char *buf, size_t size)
{
    if (buf) {
        if (size == 0) {
            errno = EINVAL;
            return NULL;
        }
        long r = __syscall2(SYS_getcwd, __SC(buf), __SC(size));
        return __syscall_ret(r) < 0 ? NULL : buf;
    }
    size_t cap = size ? size : PATH_MAX;
    char *mine = malloc(cap);
    if (!mine)
        return NULL;
    if (!getcwd(mine, cap)) {
        free(mine);
        return NULL;
    }
    if (size == 0) {
        char *fit = realloc(mine, strlen(mine) + 1);
        if (fit)
            mine = fit;
    }
    return mine;
}

char *realpath(const char *restrict path, char *restrict resolved)
{
    char *out = resolved ? resolved : malloc(PATH_MAX);
    if (!out)
        return NULL;
    long r = __syscall3(SYS_realpath, __SC(path), __SC(out), PATH_MAX);
    if (__syscall_ret(r) < 0) {
        if (!resolved)
            free(out);
        return NULL;
    }
    return out;
}

int statvfs(const char *restrict path, struct statvfs *restrict buf)
{
    return (int)__syscall_ret(__syscall2(SYS_statvfs, __SC(path), __SC(buf)));
}

int mount(const char *source, const char *target, const char *fstype,
          unsigned long flags, const void *data)
{
    return (int)__syscall_ret(__syscall5(SYS_mount, __SC(source), __SC(target),
                                         __SC(fstype), __SC(flags), __SC(data)));
}

int umount(const char *target)
{
    return (int)__syscall_ret(__syscall1(SYS_umount, __SC(target)));
}
