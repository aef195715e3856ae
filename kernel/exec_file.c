/* execve from a path: permission checks, reading the file, "#!" scripts,
 * and replacing the program of a possibly multi-threaded process. */
#include "fs/vfs.h"
#include "kernel/elf.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/fd_table.h"
#include "kernel/pid.h"
#include "kernel/file.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include <string.h>

#define EXEC_IMAGE_MAX      (64u * 1024 * 1024)
#define EXEC_SHEBANG_MAX    256     /* bytes of the "#!" line, newline included */
#define EXEC_NESTING_MAX    4       /* scripts whose interpreter is a script... */

int exec_read_file(const struct vfs_context *ctx, const char *path, void **image, size_t *size,
                   struct inode **inode_out)
{
    struct inode *inode;
    int rc = vfs_resolve(ctx, path, VFS_LOOKUP_FOLLOW, &inode);
    if (rc < 0)
        return rc;
    if (!inode_is_reg(inode))
        rc = -EACCES;   /* directories and devices are not programs */
    else
        rc = vfs_permission(ctx->cred, inode, X_OK);
    struct stat st;
    if (rc == 0) {
        vfs_stat_inode(inode, &st);
        if (st.st_size > (off_t)EXEC_IMAGE_MAX)
            rc = -ENOMEM;
    }
    struct file *f = NULL;
    if (rc == 0)
        rc = vfs_open_inode(ctx->cred, inode, O_RDONLY, &f);
    char *buf = NULL;
    size_t have = 0;
    if (rc == 0) {
        buf = kmalloc(st.st_size ? (size_t)st.st_size : 1);
        if (!buf)
            rc = -ENOMEM;
        while (rc == 0 && have < (size_t)st.st_size) {
            struct io_buffer b = io_buffer_kernel(buf + have);
            ssize_t n = file_read(f, &b, (size_t)st.st_size - have);
            if (n < 0)
                rc = (int)n;
            else if (n == 0)
                break;
            else
                have += (size_t)n;
        }
    }
    if (f)
        file_put(f);
    if (rc < 0) {
        kfree(buf);
        inode_put(inode);
        return rc;
    }
    *image = buf;
    *size = have;
    *inode_out = inode;
    return 0;
}

/* Splits a "#!interpreter [argument]" line. 0, 1 when this is no script,
 * or -ENOEXEC for a line that is too long or names nothing. */
static int exec_parse_shebang(const char *image, size_t size, char *interp, char *arg)
{
    if (size < 2 || image[0] != '#' || image[1] != '!')
        return 1;
    size_t end = 2;
    while (end < size && end < EXEC_SHEBANG_MAX && image[end] != '\n')
        end++;
    if (end >= EXEC_SHEBANG_MAX || (end == size && size >= EXEC_SHEBANG_MAX))
        return -ENOEXEC;
    size_t i = 2;
    while (i < end && (image[i] == ' ' || image[i] == '\t'))
        i++;
    size_t n = 0;
    while (i < end && image[i] != ' ' && image[i] != '\t')
        interp[n++] = image[i++];
    interp[n] = 0;
    if (n == 0)
        return -ENOEXEC;
    while (i < end && (image[i] == ' ' || image[i] == '\t'))
        i++;
    size_t a = 0;
    while (i < end)
        arg[a++] = image[i++];
    while (a > 0 && (arg[a - 1] == ' ' || arg[a - 1] == '\t' || arg[a - 1] == '\r'))
        a--;
    arg[a] = 0;
    return 0;
}

/* argv becomes: interp [arg] script argv[1..]. */
static int exec_argv_for_script(struct exec_strings *argv, const char *interp, const char *arg, const char *script)
{
    size_t skip = argv->count ? strlen(argv->data) + 1 : 0;
    size_t extra = strlen(interp) + 1 + (arg[0] ? strlen(arg) + 1 : 0) + strlen(script) + 1;
    size_t bytes = extra + argv->bytes - skip;
    if (bytes > EXEC_ARG_MAX)
        return -E2BIG;
    char *data = kmalloc(bytes);
    if (!data)
        return -ENOMEM;
    char *p = stpcpy(data, interp) + 1;
    unsigned count = 1;
    if (arg[0]) {
        p = stpcpy(p, arg) + 1;
        count++;
    }
    p = stpcpy(p, script) + 1;
    count++;
    memcpy(p, argv->data + skip, argv->bytes - skip);
    count += argv->count ? argv->count - 1 : 0;
    kfree(argv->data);
    argv->data = data;
    argv->bytes = bytes;
    argv->count = count;
    return 0;
}

static int other_threads_gone(void *arg)
{
    struct process *p = arg;
    return p->prot->thread_count <= 1;
}

/* Marks every other thread to die and waits until they are finalized. */
static void exec_kill_other_threads(struct process *p)
{
    struct thread *self = thread_current();
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    list_for_each(n, &p->threads) {
        struct thread *t = list_entry(n, struct thread, process_node);
        if (t != self) {
            t->should_die = true;
            sched_wake(t);
        }
    }
    spin_unlock_irqrestore(&p->lock, fl);
    wait_queue_wait(&p->thread_exit_wq, other_threads_gone, p, 0, 0);
}

/* Set-user-ID and set-group-ID programs run with the file's owner/group. */
static void exec_apply_setid(struct process *p, struct inode *inode)
{
    struct stat st;
    vfs_stat_inode(inode, &st);
    if (!(st.st_mode & (S_ISUID | S_ISGID)))
        return;
    process_protected_unlock(p);
    struct process_protected *m = process_protected_mut(p);
    if (st.st_mode & S_ISUID)
        m->euid = m->suid = st.st_uid;
    if (st.st_mode & S_ISGID)
        m->egid = m->sgid = st.st_gid;
    m->dumpable = false;
    process_protected_lock(p);
}

int exec_path(const struct vfs_context *ctx, const char *path, struct exec_strings *argv,
              const struct exec_strings *envp, struct trap_frame *frame)
{
    char *current = kmalloc(PATH_MAX), *interp = kmalloc(EXEC_SHEBANG_MAX), *arg = kmalloc(EXEC_SHEBANG_MAX);
    int rc = (current && interp && arg) ? 0 : -ENOMEM;
    void *image = NULL;
    size_t size = 0;
    struct inode *inode = NULL;
    if (rc == 0)
        strlcpy(current, path, PATH_MAX);
    for (int depth = 0; rc == 0; depth++) {
        if (depth > EXEC_NESTING_MAX) {
            rc = -ELOOP;
            break;
        }
        rc = exec_read_file(ctx, current, &image, &size, &inode);
        if (rc < 0)
            break;
        int script = exec_parse_shebang(image, size, interp, arg);
        if (script > 0)
            break;      /* a real program */
        kfree(image);
        image = NULL;
        inode_put(inode);
        inode = NULL;
        rc = script < 0 ? script : exec_argv_for_script(argv, interp, arg, current);
        if (rc == 0)
            strlcpy(current, interp, PATH_MAX);
    }
    struct elf_load_plan plan;
    if (rc == 0)
        rc = elf_plan_load(image, size, USER_SPACE_START, USER_SPACE_END, &plan);
    if (rc == 0) {
        struct process *p = process_current();
        exec_kill_other_threads(p);
        const char *base = strrchr(current, '/');
        rc = exec_image(image, size, base ? base + 1 : current, argv, envp, frame);
        if (rc == 0) {
            exec_apply_setid(p, inode);
            if (p->fds)
                fd_table_close_on_exec(p->fds);
            irqflags_t fl = spin_lock_irqsave(&p->lock);
            struct inode *old = p->executable;
            p->executable = inode;
            spin_unlock_irqrestore(&p->lock, fl);
            inode = NULL;
            if (old)
                inode_put(old);
        }
    }
    if (inode)
        inode_put(inode);
    kfree(image);
    kfree(arg);
    kfree(interp);
    kfree(current);
    return rc;
}

int user_process_spawn_path(const char *path, const char *const argv[], const char *const envp[],
                            struct process *parent, bool as_init)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    void *image;
    size_t size;
    struct inode *inode;
    int rc = exec_read_file(&ctx, path, &image, &size, &inode);
    if (rc < 0)
        return rc;
    const char *base = strrchr(path, '/');
    rc = user_process_spawn(image, size, base ? base + 1 : path, argv, envp, parent, as_init);
    kfree(image);
    struct process *p = rc > 0 ? process_from_pid(rc) : NULL;
    if (p) {
        /* /proc/N/exe names the program, as after an execve. */
        irqflags_t fl = spin_lock_irqsave(&p->lock);
        struct inode *old = p->executable;
        p->executable = inode;
        inode = old;
        spin_unlock_irqrestore(&p->lock, fl);
        process_put(p);
    }
    if (inode)
        inode_put(inode);
    return rc;
}
