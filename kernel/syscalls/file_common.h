/* What the file system calls share: the caller's VFS context, user paths,
 * user buffers as VFS I/O buffers, and the *at() starting directory. */
#ifndef KERNEL_SYSCALLS_FILE_COMMON_H
#define KERNEL_SYSCALLS_FILE_COMMON_H
#include "fs/vfs.h"
#include "kernel/file.h"
#include "kernel/uaccess.h"

struct process;

/* A context for the calling process, valid while `holder` lives. */
struct syscall_vfs {
    struct vfs_cred cred;
    struct vfs_context ctx;
    struct inode *dir;      /* an extra reference for *at() with a directory fd */
};

/* Fills in the calling process's identity, root, cwd and umask. */
void syscall_vfs_begin(struct syscall_vfs *v);
/* Like syscall_vfs_begin, starting relative paths at dirfd (AT_FDCWD: the
 * working directory). -EBADF for a bad fd, -ENOTDIR when it is no directory. */
int syscall_vfs_begin_at(struct syscall_vfs *v, int dirfd);
void syscall_vfs_end(struct syscall_vfs *v);

/* Copies a user path into a new kernel buffer (kfree it): -EFAULT,
 * -ENAMETOOLONG (PATH_MAX), -ENOENT for an empty path. */
int syscall_path_in(user_ptr_t path, char **out);

/* Copies the user path, sets up the caller's context starting at dirfd,
 * runs op and cleans up: the shape of every *at() call. */
typedef int (*syscall_path_op)(const struct vfs_context *ctx, const char *path, void *arg);
long syscall_with_path_at(int dirfd, user_ptr_t path, unsigned unveil_need, syscall_path_op op, void *arg);

/* unveil: 0 when the caller may use path with these UNVEIL_* permissions,
 * -ENOENT when it is hidden from it, -EACCES when unveiled without them. */
int syscall_unveil(const struct syscall_vfs *v, const char *path, unsigned need);

/* The calling process's file at fd with a reference; -EBADF. */
int syscall_file_get(int fd, struct file **out);
#endif
