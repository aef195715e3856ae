#include "kernel/syscalls/file_common.h"
#include "kernel/api/limits.h"
#include "kernel/errno.h"
#include "kernel/fd_table.h"
#include "kernel/process.h"
#include "kernel/unveil.h"
#include "mm/heap.h"

void syscall_vfs_begin(struct syscall_vfs *v)
{
    struct process *p = process_current();
    const struct process_protected *d = p->prot;
    v->cred = (struct vfs_cred){ .uid = d->uid, .gid = d->gid, .euid = d->euid, .egid = d->egid,
                                 .ngroups = d->ngroups, .groups = d->groups };
    v->ctx = (struct vfs_context){ .cred = &v->cred, .root = p->root, .cwd = p->cwd, .umask = d->umask };
    v->dir = NULL;
}

int syscall_vfs_begin_at(struct syscall_vfs *v, int dirfd)
{
    syscall_vfs_begin(v);
    if (dirfd == AT_FDCWD)
        return 0;
    struct file *f;
    int rc = syscall_file_get(dirfd, &f);
    if (rc < 0)
        return rc;
    if (!inode_is_dir(f->inode)) {
        file_put(f);
        return -ENOTDIR;
    }
    v->dir = inode_get(f->inode);
    file_put(f);
    v->ctx.cwd = v->dir;
    return 0;
}

void syscall_vfs_end(struct syscall_vfs *v)
{
    if (v->dir)
        inode_put(v->dir);
    v->dir = NULL;
}

int syscall_path_in(user_ptr_t path, char **out)
{
    char *buf = kmalloc(PATH_MAX);
    if (!buf)
        return -ENOMEM;
    long n = strncpy_from_user(buf, path, PATH_MAX);
    if (n < 0) {
        kfree(buf);
        return (int)n;
    }
    if (n == 0) {
        kfree(buf);
        return -ENOENT;
    }
    *out = buf;
    return 0;
}

int syscall_file_get(int fd, struct file **out)
{
    struct process *p = process_current();
    if (!p->fds)
        return -EBADF;
    return fd_table_get(p->fds, fd, out);
}

int syscall_unveil(const struct syscall_vfs *v, const char *path, unsigned need)
{
    return unveil_check(process_current(), &v->ctx, path, need);
}

long syscall_with_path_at(int dirfd, user_ptr_t path_ptr, unsigned unveil_need, syscall_path_op op, void *arg)
{
    char *path;
    int rc = syscall_path_in(path_ptr, &path);
    if (rc < 0)
        return rc;
    struct syscall_vfs v;
    rc = syscall_vfs_begin_at(&v, dirfd);
    if (rc == 0) {
        rc = syscall_unveil(&v, path, unveil_need);
        if (rc == 0)
            rc = op(&v.ctx, path, arg);
        syscall_vfs_end(&v);
    }
    kfree(path);
    return rc;
}
