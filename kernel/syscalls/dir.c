/* Directories: reading entries, the working and root directories, realpath. */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/unveil.h"
#include "mm/heap.h"

long sys_getdents(int fd, user_ptr_t buf, size_t size)
{
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    long n = -EFAULT;
    if (user_range_ok(buf, size)) {
        struct io_buffer b = io_buffer_user(buf);
        n = file_getdents(f, &b, size);
    }
    file_put(f);
    return n;
}

/* Replaces *slot (cwd or root) with inode; process->lock keeps a racing
 * change from dropping the wrong reference. */
static void process_swap_dir(struct process *p, struct inode **slot, struct inode *inode)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct inode *old = *slot;
    *slot = inode;
    spin_unlock_irqrestore(&p->lock, fl);
    if (old)
        inode_put(old);
}

static int do_resolve_search_dir(const struct vfs_context *ctx, const char *path, void *arg)
{
    struct inode **out = arg;
    int rc = vfs_resolve(ctx, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, out);
    if (rc == 0) {
        rc = vfs_permission(ctx->cred, *out, X_OK);
        if (rc < 0)
            inode_put(*out);
    }
    return rc;
}

/* Resolves a directory the caller may search. */
static int resolve_search_dir(user_ptr_t path_ptr, struct inode **out)
{
    return (int)syscall_with_path_at(AT_FDCWD, path_ptr, UNVEIL_SEE, do_resolve_search_dir, out);
}

long sys_chdir(user_ptr_t path)
{
    struct inode *dir;
    int rc = resolve_search_dir(path, &dir);
    if (rc < 0)
        return rc;
    process_swap_dir(process_current(), &process_current()->cwd, dir);
    return 0;
}

long sys_fchdir(int fd)
{
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    struct syscall_vfs v;
    syscall_vfs_begin(&v);
    if (!inode_is_dir(f->inode))
        rc = -ENOTDIR;
    else
        rc = vfs_permission(&v.cred, f->inode, X_OK);
    if (rc == 0)
        process_swap_dir(process_current(), &process_current()->cwd, inode_get(f->inode));
    file_put(f);
    return rc;
}

long sys_chroot(user_ptr_t path)
{
    if (process_current()->prot->euid != 0)
        return -EPERM;
    struct inode *dir;
    int rc = resolve_search_dir(path, &dir);
    if (rc < 0)
        return rc;
    process_swap_dir(process_current(), &process_current()->root, dir);
    return 0;
}

/* Fills buf with the working directory; ERANGE when it does not fit. */
long sys_getcwd(user_ptr_t buf, size_t size)
{
    if (size == 0)
        return -EINVAL;
    size_t cap = size < PATH_MAX ? size : PATH_MAX;
    char *path = kmalloc(cap);
    if (!path)
        return -ENOMEM;
    struct syscall_vfs v;
    syscall_vfs_begin(&v);
    long n = vfs_inode_path(&v.ctx, v.ctx.cwd, path, cap);
    syscall_vfs_end(&v);
    if (n >= 0 && copy_to_user(buf, path, (size_t)n + 1) < 0)
        n = -EFAULT;
    kfree(path);
    return n;
}

long sys_realpath(user_ptr_t path_ptr, user_ptr_t out, size_t size)
{
    if (size == 0)
        return -EINVAL;
    char *path;
    int rc = syscall_path_in(path_ptr, &path);
    if (rc < 0)
        return rc;
    size_t cap = size < PATH_MAX ? size : PATH_MAX;
    char *result = kmalloc(cap);
    long n = -ENOMEM;
    if (result) {
        struct syscall_vfs v;
        syscall_vfs_begin(&v);
        n = syscall_unveil(&v, path, UNVEIL_SEE);
        if (n == 0)
            n = vfs_realpath(&v.ctx, path, result, cap);
        syscall_vfs_end(&v);
        if (n >= 0 && copy_to_user(out, result, (size_t)n + 1) < 0)
            n = -EFAULT;
        kfree(result);
    }
    kfree(path);
    return n;
}
