/* The name space: mkdir, unlink/rmdir, rename, link, symlink, readlink. */
#include "kernel/errno.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/unveil.h"
#include "mm/heap.h"

static int do_mkdir(const struct vfs_context *ctx, const char *path, void *mode)
{
    return vfs_mkdir(ctx, path, (mode_t)((uintptr_t)mode & 07777));
}

static int do_unlink(const struct vfs_context *ctx, const char *path, void *flags)
{
    return ((uintptr_t)flags & AT_REMOVEDIR) ? vfs_rmdir(ctx, path) : vfs_unlink(ctx, path);
}

long sys_mkdirat(int dirfd, user_ptr_t path, unsigned mode)
{
    return syscall_with_path_at(dirfd, path, UNVEIL_CREATE, do_mkdir, (void *)(uintptr_t)mode);
}

long sys_unlinkat(int dirfd, user_ptr_t path, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    return syscall_with_path_at(dirfd, path, UNVEIL_CREATE, do_unlink, (void *)(uintptr_t)flags);
}

/* Two paths, each relative to its own directory fd. */
typedef int (*two_path_op)(const struct vfs_context *a_ctx, const char *a, const struct vfs_context *b_ctx,
                           const char *b, int flags);

static long with_two_paths(int dirfd_a, user_ptr_t a_ptr, int dirfd_b, user_ptr_t b_ptr, two_path_op op, int flags,
                           unsigned source_need)
{
    char *a = NULL, *b = NULL;
    int rc = syscall_path_in(a_ptr, &a);
    if (rc == 0)
        rc = syscall_path_in(b_ptr, &b);
    if (rc < 0)
        goto out;
    struct syscall_vfs va, vb;
    rc = syscall_vfs_begin_at(&va, dirfd_a);
    if (rc < 0)
        goto out;
    rc = syscall_vfs_begin_at(&vb, dirfd_b);
    if (rc == 0) {
        /* The source must be visible (and removable when renaming); the
         * destination is created either way. */
        rc = syscall_unveil(&va, a, source_need);
        if (rc == 0)
            rc = syscall_unveil(&vb, b, UNVEIL_CREATE);
        if (rc == 0)
            rc = op(&va.ctx, a, &vb.ctx, b, flags);
        syscall_vfs_end(&vb);
    }
    syscall_vfs_end(&va);
out:
    kfree(a);
    kfree(b);
    return rc;
}

static int do_rename(const struct vfs_context *a_ctx, const char *a, const struct vfs_context *b_ctx,
                     const char *b, int flags)
{
    (void)flags;
    return vfs_renameat(a_ctx, a, b_ctx, b);
}

static int do_link(const struct vfs_context *a_ctx, const char *a, const struct vfs_context *b_ctx, const char *b,
                   int flags)
{
    return vfs_linkat(a_ctx, a, b_ctx, b, flags);
}

long sys_renameat(int olddirfd, user_ptr_t oldpath, int newdirfd, user_ptr_t newpath)
{
    return with_two_paths(olddirfd, oldpath, newdirfd, newpath, do_rename, 0, UNVEIL_CREATE);
}

long sys_linkat(int olddirfd, user_ptr_t oldpath, int newdirfd, user_ptr_t newpath, int flags)
{
    if (flags & ~AT_SYMLINK_FOLLOW)
        return -EINVAL;
    return with_two_paths(olddirfd, oldpath, newdirfd, newpath, do_link, flags, UNVEIL_SEE);
}

long sys_symlinkat(user_ptr_t target_ptr, int dirfd, user_ptr_t link_ptr)
{
    char *target, *link;
    int rc = syscall_path_in(target_ptr, &target);
    if (rc < 0)
        return rc;
    rc = syscall_path_in(link_ptr, &link);
    if (rc < 0) {
        kfree(target);
        return rc;
    }
    struct syscall_vfs v;
    rc = syscall_vfs_begin_at(&v, dirfd);
    if (rc == 0) {
        rc = syscall_unveil(&v, link, UNVEIL_CREATE);
        if (rc == 0)
            rc = vfs_symlink(&v.ctx, target, link);
        syscall_vfs_end(&v);
    }
    kfree(link);
    kfree(target);
    return rc;
}

long sys_readlinkat(int dirfd, user_ptr_t path_ptr, user_ptr_t buf, size_t size)
{
    if ((ssize_t)size <= 0)
        return -EINVAL;
    if (size > PATH_MAX)
        size = PATH_MAX;
    char *path;
    int rc = syscall_path_in(path_ptr, &path);
    if (rc < 0)
        return rc;
    char *target = kmalloc(size);
    if (!target) {
        kfree(path);
        return -ENOMEM;
    }
    struct syscall_vfs v;
    long n = syscall_vfs_begin_at(&v, dirfd);
    if (n == 0) {
        n = syscall_unveil(&v, path, UNVEIL_SEE);
        if (n == 0)
            n = vfs_readlink(&v.ctx, path, target, size);
        syscall_vfs_end(&v);
    }
    if (n > 0 && copy_to_user(buf, target, (size_t)n) < 0)
        n = -EFAULT;
    kfree(target);
    kfree(path);
    return n;
}
