/* unveil(path, permissions): show the process this much of the file
 * system; unveil(NULL, NULL) locks the view. */
#include "kernel/api/limits.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/unveil.h"
#include "mm/heap.h"

#define UNVEIL_PERMS_MAX 8

long sys_unveil(user_ptr_t path_ptr, user_ptr_t perms_ptr)
{
    struct process *p = process_current();
    if (user_ptr_is_null(path_ptr) && user_ptr_is_null(perms_ptr))
        return unveil_lock(p);
    if (user_ptr_is_null(path_ptr) || user_ptr_is_null(perms_ptr))
        return -EINVAL;
    char perms[UNVEIL_PERMS_MAX];
    long n = strncpy_from_user(perms, perms_ptr, sizeof(perms));
    if (n < 0)
        return n == -ENAMETOOLONG ? -EINVAL : n;
    char *path;
    int rc = syscall_path_in(path_ptr, &path);
    if (rc < 0)
        return rc;
    char *canonical = kmalloc(PATH_MAX);
    if (!canonical) {
        kfree(path);
        return -ENOMEM;
    }
    struct syscall_vfs v;
    syscall_vfs_begin(&v);
    rc = unveil_canonical_path(&v.ctx, path, canonical, PATH_MAX);
    syscall_vfs_end(&v);
    if (rc == 0)
        rc = unveil_add(p, canonical, perms);
    kfree(canonical);
    kfree(path);
    return rc;
}
