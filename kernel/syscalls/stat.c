/* stat, fstat, access, statvfs. */
#include "kernel/errno.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/unveil.h"
#include "mm/heap.h"
#include <string.h>

long sys_fstatat(int dirfd, user_ptr_t path_ptr, user_ptr_t out, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct stat st;
    char *path;
    int rc = syscall_path_in(path_ptr, &path);
    if (rc == -ENOENT && (flags & AT_EMPTY_PATH)) {
        /* fstatat(fd, "", AT_EMPTY_PATH): the fd itself. */
        struct file *f;
        rc = syscall_file_get(dirfd, &f);
        if (rc < 0)
            return rc;
        file_stat(f, &st);
        file_put(f);
        return copy_to_user(out, &st, sizeof(st));
    }
    if (rc < 0)
        return rc;
    struct syscall_vfs v;
    rc = syscall_vfs_begin_at(&v, dirfd);
    if (rc == 0) {
        rc = syscall_unveil(&v, path, UNVEIL_SEE);
        if (rc == 0)
            rc = vfs_stat(&v.ctx, path, flags & AT_SYMLINK_NOFOLLOW, &st);
        syscall_vfs_end(&v);
    }
    kfree(path);
    if (rc < 0)
        return rc;
    return copy_to_user(out, &st, sizeof(st));
}

long sys_fstat(int fd, user_ptr_t out)
{
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    struct stat st;
    file_stat(f, &st);
    file_put(f);
    return copy_to_user(out, &st, sizeof(st));
}

struct access_args {
    int mode, flags;
};

static int do_access(const struct vfs_context *ctx, const char *path, void *arg)
{
    const struct access_args *a = arg;
    return vfs_access(ctx, path, a->mode, a->flags);
}

long sys_faccessat(int dirfd, user_ptr_t path, int mode, int flags)
{
    if ((mode & ~(R_OK | W_OK | X_OK)) || (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW)))
        return -EINVAL;
    struct access_args a = { mode, flags };
    return syscall_with_path_at(dirfd, path, UNVEIL_SEE, do_access, &a);
}

static int do_statvfs(const struct vfs_context *ctx, const char *path, void *arg)
{
    return vfs_statvfs(ctx, path, arg);
}

long sys_statvfs(user_ptr_t path_ptr, user_ptr_t out)
{
    struct statvfs sv;
    memset(&sv, 0, sizeof(sv));
    long rc = syscall_with_path_at(AT_FDCWD, path_ptr, UNVEIL_SEE, do_statvfs, &sv);
    if (rc < 0)
        return rc;
    return copy_to_user(out, &sv, sizeof(sv));
}
