/* mount, umount, sync. Only root mounts; file system types are found by
 * name in the VFS's registry. */
#include "kernel/errno.h"
#include "kernel/process.h"
#include "fs/fs_types.h"
#include "kernel/syscalls/file_common.h"
#include "mm/heap.h"
#include <string.h>

#define FSTYPE_MAX 32

long sys_mount(user_ptr_t source_ptr, user_ptr_t target_ptr, user_ptr_t type_ptr, unsigned long flags,
               user_ptr_t data)
{
    (void)data;
    if (process_current()->prot->euid != 0)
        return -EPERM;
    char type[FSTYPE_MAX];
    long n = strncpy_from_user(type, type_ptr, sizeof(type));
    if (n < 0)
        return n == -ENAMETOOLONG ? -ENODEV : n;
    char *target, *source = NULL;
    int rc = syscall_path_in(target_ptr, &target);
    if (rc < 0)
        return rc;
    if (!user_ptr_is_null(source_ptr)) {
        rc = syscall_path_in(source_ptr, &source);
        if (rc < 0 && rc != -ENOENT)
            goto out;
    }
    struct vfs_fs *fs;
    rc = vfs_fs_create_by_type(type, source, (unsigned)flags, &fs);
    if (rc == 0) {
        struct syscall_vfs v;
        syscall_vfs_begin(&v);
        rc = vfs_mount(&v.ctx, fs, target);
        syscall_vfs_end(&v);
    }
out:
    kfree(source);
    kfree(target);
    return rc;
}

long sys_umount(user_ptr_t target_ptr)
{
    if (process_current()->prot->euid != 0)
        return -EPERM;
    char *target;
    int rc = syscall_path_in(target_ptr, &target);
    if (rc < 0)
        return rc;
    struct syscall_vfs v;
    syscall_vfs_begin(&v);
    rc = vfs_umount(&v.ctx, target);
    syscall_vfs_end(&v);
    kfree(target);
    return rc;
}

long sys_sync(void) { return vfs_sync(); }
