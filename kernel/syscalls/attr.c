/* Attributes: modes, owners, times, sizes, and the umask. */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/unveil.h"

struct attr_args {
    int flags;
    mode_t mode;
    uint32_t uid, gid;
};

static int do_chmod(const struct vfs_context *ctx, const char *path, void *arg)
{
    const struct attr_args *a = arg;
    return vfs_chmod(ctx, path, a->flags, a->mode);
}

long sys_fchmodat(int dirfd, user_ptr_t path, unsigned mode, int flags)
{
    if (flags & ~AT_SYMLINK_NOFOLLOW)
        return -EINVAL;
    struct attr_args a = { .flags = flags, .mode = (mode_t)(mode & 07777) };
    return syscall_with_path_at(dirfd, path, UNVEIL_WRITE, do_chmod, &a);
}

long sys_fchmod(int fd, unsigned mode)
{
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    struct syscall_vfs v;
    syscall_vfs_begin(&v);
    rc = vfs_chmod_inode(&v.cred, f->inode, (mode_t)(mode & 07777));
    file_put(f);
    return rc;
}

static int do_chown(const struct vfs_context *ctx, const char *path, void *arg)
{
    const struct attr_args *a = arg;
    return vfs_chown(ctx, path, a->flags, a->uid, a->gid);
}

long sys_fchownat(int dirfd, user_ptr_t path, uint32_t uid, uint32_t gid, int flags)
{
    if (flags & ~AT_SYMLINK_NOFOLLOW)
        return -EINVAL;
    struct attr_args a = { .flags = flags, .uid = uid, .gid = gid };
    return syscall_with_path_at(dirfd, path, UNVEIL_WRITE, do_chown, &a);
}

long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    struct syscall_vfs v;
    syscall_vfs_begin(&v);
    rc = vfs_chown_inode(&v.cred, f->inode, uid, gid);
    file_put(f);
    return rc;
}

/* umask always succeeds and returns the previous mask. */
long sys_umask(unsigned mask)
{
    struct process *p = process_current();
    uint32_t old = p->prot->umask;
    process_protected_unlock(p);
    process_protected_mut(p)->umask = mask & 0777;
    process_protected_lock(p);
    return (long)old;
}

static int do_truncate(const struct vfs_context *ctx, const char *path, void *arg)
{
    return vfs_truncate(ctx, path, *(const off_t *)arg);
}

long sys_truncate(user_ptr_t path_ptr, user_ptr_t length_ptr)
{
    off_t length;
    if (copy_from_user(&length, length_ptr, sizeof(length)) < 0)
        return -EFAULT;
    if (length < 0)
        return -EINVAL;
    return syscall_with_path_at(AT_FDCWD, path_ptr, UNVEIL_WRITE, do_truncate, &length);
}

long sys_ftruncate(int fd, user_ptr_t length_ptr)
{
    off_t length;
    if (copy_from_user(&length, length_ptr, sizeof(length)) < 0)
        return -EFAULT;
    if (length < 0)
        return -EINVAL;
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    rc = file_truncate(f, length);
    file_put(f);
    return rc;
}

struct utimes_args {
    const struct timespec *times;
    int flags;
};

static int do_utimes(const struct vfs_context *ctx, const char *path, void *arg)
{
    const struct utimes_args *u = arg;
    return vfs_utimes(ctx, path, u->flags, u->times);
}

/* utimensat(dirfd, path, times[2] or NULL, flags); a NULL path with a real
 * dirfd changes the file dirfd names (futimens). */
long sys_utimensat(int dirfd, user_ptr_t path_ptr, user_ptr_t times_ptr, int flags)
{
    if (flags & ~AT_SYMLINK_NOFOLLOW)
        return -EINVAL;
    struct timespec times[2];
    const struct timespec *tp = NULL;
    if (!user_ptr_is_null(times_ptr)) {
        if (copy_from_user(times, times_ptr, sizeof(times)) < 0)
            return -EFAULT;
        for (int i = 0; i < 2; i++)
            if (times[i].tv_nsec != UTIME_NOW && times[i].tv_nsec != UTIME_OMIT &&
                (times[i].tv_nsec < 0 || times[i].tv_nsec >= 1000000000L))
                return -EINVAL;
        tp = times;
    }
    struct syscall_vfs v;
    int rc;
    if (user_ptr_is_null(path_ptr)) {
        struct file *f;
        rc = syscall_file_get(dirfd, &f);
        if (rc < 0)
            return rc;
        syscall_vfs_begin(&v);
        rc = vfs_utimes_inode(&v.cred, f->inode, tp);
        file_put(f);
        return rc;
    }
    struct utimes_args u = { tp, flags };
    return syscall_with_path_at(dirfd, path_ptr, UNVEIL_WRITE, do_utimes, &u);
}
