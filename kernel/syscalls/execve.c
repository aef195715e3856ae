/* execve: argv and envp are copied in before anything else happens, so a
 * bad pointer leaves the process untouched. */
#include "kernel/api/limits.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/unveil.h"
#include "kernel/thread.h"
#include "mm/heap.h"
#include <string.h>

/* Packs a NULL-terminated user array of user strings. */
static int exec_strings_from_user(user_ptr_t list, struct exec_strings *out)
{
    out->data = kmalloc(EXEC_ARG_MAX);
    out->bytes = 0;
    out->count = 0;
    if (!out->data)
        return -ENOMEM;
    if (user_ptr_is_null(list))
        return 0;
    for (;;) {
        uint32_t ptr;
        if (copy_from_user(&ptr, user_ptr_add(list, out->count * 4), 4) < 0)
            return -EFAULT;
        if (!ptr)
            return 0;
        if (out->count == EXEC_ARGS_COUNT_MAX)
            return -E2BIG;
        long n = strncpy_from_user(out->data + out->bytes, user_ptr(ptr), EXEC_ARG_MAX - out->bytes);
        if (n == -ENAMETOOLONG)
            return -E2BIG;
        if (n < 0)
            return (int)n;
        out->bytes += (size_t)n + 1;
        out->count++;
    }
}

long sys_execve(user_ptr_t path_ptr, user_ptr_t argv_ptr, user_ptr_t envp_ptr)
{
    char *path;
    int rc = syscall_path_in(path_ptr, &path);
    if (rc < 0)
        return rc;
    struct exec_strings argv = { 0 }, envp = { 0 };
    rc = exec_strings_from_user(argv_ptr, &argv);
    if (rc == 0)
        rc = exec_strings_from_user(envp_ptr, &envp);
    if (rc == 0) {
        struct syscall_vfs v;
        syscall_vfs_begin(&v);
        struct thread *self = thread_current();
        rc = syscall_unveil(&v, path, UNVEIL_EXEC);
        if (rc == 0)
            rc = exec_path(&v.ctx, path, &argv, &envp, self->user_frame);
        syscall_vfs_end(&v);
        if (rc == 0)
            self->frame_replaced = true;
    }
    exec_strings_free(&envp);
    exec_strings_free(&argv);
    kfree(path);
    return rc;
}
