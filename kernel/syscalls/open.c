/* Opening and closing files, duplicating descriptors, fcntl, pipes, ioctl. */
#include "fs/pipe.h"
#include "kernel/errno.h"
#include "kernel/fd_table.h"
#include "kernel/process.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/unveil.h"
#include "mm/heap.h"

#define OPEN_KNOWN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | \
                          O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

static struct fd_table *current_fds(void) { return process_current()->fds; }

long sys_openat(int dirfd, user_ptr_t path_ptr, int flags, unsigned mode)
{
    if (flags & ~OPEN_KNOWN_FLAGS)
        return -EINVAL;
    if ((flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    if (!current_fds())
        return -EMFILE;
    char *path;
    int rc = syscall_path_in(path_ptr, &path);
    if (rc < 0)
        return rc;
    struct syscall_vfs v;
    rc = syscall_vfs_begin_at(&v, dirfd);
    if (rc == 0) {
        int acc = flags & O_ACCMODE;
        unsigned need = (acc == O_RDONLY || acc == O_RDWR ? UNVEIL_READ : 0) |
                        (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC) ? UNVEIL_WRITE : 0) |
                        ((flags & O_CREAT) ? UNVEIL_CREATE : 0);
        struct file *f;
        rc = syscall_unveil(&v, path, need);
        if (rc == 0)
            rc = vfs_open(&v.ctx, path, flags, (mode_t)(mode & 07777), &f);
        if (rc == 0) {
            rc = fd_table_install(current_fds(), f, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0, 0);
            file_put(f);
        }
        syscall_vfs_end(&v);
    }
    kfree(path);
    return rc;
}

long sys_close(int fd)
{
    if (!current_fds())
        return -EBADF;
    return fd_table_close(current_fds(), fd);
}

long sys_dup(int fd)
{
    if (!current_fds())
        return -EBADF;
    return fd_table_dup(current_fds(), fd, 0, 0);
}

long sys_dup3(int old_fd, int new_fd, int flags)
{
    if (!current_fds())
        return -EBADF;
    return fd_table_dup3(current_fds(), old_fd, new_fd, flags);
}

long sys_fcntl(int fd, int cmd, uintptr_t arg)
{
    struct fd_table *t = current_fds();
    if (!t)
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if ((int)arg < 0)
            return -EINVAL;
        return fd_table_dup(t, fd, (int)arg, cmd == F_DUPFD_CLOEXEC ? FD_CLOEXEC : 0);
    case F_GETFD:
        return fd_table_get_fd_flags(t, fd);
    case F_SETFD:
        return fd_table_set_fd_flags(t, fd, (int)arg & FD_CLOEXEC);
    case F_GETFL:
    case F_SETFL: {
        struct file *f;
        int rc = fd_table_get(t, fd, &f);
        if (rc < 0)
            return rc;
        if (cmd == F_GETFL)
            rc = file_get_flags(f);
        else
            file_set_flags(f, (int)arg);
        file_put(f);
        return rc;
    }
    default:
        return -EINVAL;
    }
}

long sys_pipe2(user_ptr_t fds_out, int flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK))
        return -EINVAL;
    struct fd_table *t = current_fds();
    if (!t)
        return -EMFILE;
    if (!user_range_ok(fds_out, 2 * sizeof(int)))
        return -EFAULT;
    struct file *r, *w;
    int rc = pipe_create(&r, &w);
    if (rc < 0)
        return rc;
    if (flags & O_NONBLOCK) {
        file_set_flags(r, O_NONBLOCK);
        file_set_flags(w, O_NONBLOCK);
    }
    int fd_flags = (flags & O_CLOEXEC) ? FD_CLOEXEC : 0;
    int fds[2] = { -1, -1 };
    fds[0] = fd_table_install(t, r, fd_flags, 0);
    if (fds[0] >= 0)
        fds[1] = fd_table_install(t, w, fd_flags, 0);
    file_put(r);
    file_put(w);
    if (fds[0] < 0 || fds[1] < 0) {
        rc = fds[0] < 0 ? fds[0] : fds[1];
        if (fds[0] >= 0)
            fd_table_close(t, fds[0]);
        return rc;
    }
    if (copy_to_user(fds_out, fds, sizeof(fds)) < 0) {
        fd_table_close(t, fds[0]);
        fd_table_close(t, fds[1]);
        return -EFAULT;
    }
    return 0;
}

long sys_ioctl(int fd, unsigned long request, uintptr_t arg)
{
    struct file *f;
    int rc = syscall_file_get(fd, &f);
    if (rc < 0)
        return rc;
    rc = file_ioctl(f, request, arg);
    file_put(f);
    return rc;
}
