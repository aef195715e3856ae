/* procfs: what one process looks like from outside. Everything is copied
 * out under the owner's locks first and formatted afterwards, so nothing
 * here ever sleeps holding a spinlock. */
#include "fs/procfs_internal.h"
#include "kernel/api/procfs.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/fd_table.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "mm/heap.h"
#include "mm/vm_space.h"
#include <string.h>

_Static_assert(PROCFS_TICKS_PER_SECOND == CLOCK_HZ, "the ABI promises ticks at the clock's rate");
_Static_assert(sizeof(((struct procfs_process_info *)0)->name) == PROCESS_NAME_MAX, "name sizes");

bool procfs_process_registered(struct process *p)
{
    struct process *q = process_from_pid(process_pid(p));
    bool same = q == p;
    if (q)
        process_put(q);
    return same;
}

/* p->lock held. */
static const char *procfs_state_locked(struct process *p)
{
    ASSERT_HELD(&p->lock);
    if (p->state == PROCESS_ZOMBIE)
        return PROCFS_STATE_ZOMBIE;
    if (p->state == PROCESS_DYING)
        return PROCFS_STATE_DYING;
    if (p->stopped)
        return PROCFS_STATE_STOPPED;
    list_for_each(n, &p->threads) {
        struct thread *t = list_entry(n, struct thread, process_node);
        enum thread_state ts = __atomic_load_n(&t->state, __ATOMIC_RELAXED);
        if (ts == THREAD_RUNNING || ts == THREAD_RUNNABLE)
            return PROCFS_STATE_RUNNING;
    }
    return PROCFS_STATE_SLEEPING;
}

void procfs_process_info(struct process *p, struct procfs_process_info *out)
{
    memset(out, 0, sizeof(*out));
    const struct process_protected *d = p->prot;
    out->pid = d->pid;
    out->ppid = d->ppid;
    out->pgid = d->pgid;
    out->sid = d->sid;
    out->uid = d->uid, out->euid = d->euid, out->suid = d->suid;
    out->gid = d->gid, out->egid = d->egid, out->sgid = d->sgid;
    out->threads = d->thread_count;

    irqflags_t fl = spin_lock_irqsave(&p->lock);
    memcpy(out->name, p->name, sizeof(out->name));
    out->name[sizeof(out->name) - 1] = '\0';
    out->state = procfs_state_locked(p);
    spin_unlock_irqrestore(&p->lock, fl);
    process_cpu_ticks(p, &out->ticks_user, &out->ticks_kernel);

    /* The finalizer adds to these under the tree lock. */
    fl = spin_lock_irqsave(&process_tree_lock);
    out->children_ticks_user = p->child_ticks_user;
    out->children_ticks_kernel = p->child_ticks_kernel;
    spin_unlock_irqrestore(&process_tree_lock, fl);

    mutex_lock(&p->resources_lock);
    if (p->vm) {
        struct vm_usage usage;
        vm_space_usage(p->vm, &usage);
        out->virtual_bytes = usage.virtual_bytes;
        out->resident_pages = usage.resident_pages;
        out->regions = usage.regions;
    }
    mutex_unlock(&p->resources_lock);
}

int procfs_gen_status(struct procfs_inode *pi, struct procfs_buf *b)
{
    struct procfs_process_info info;
    procfs_process_info(pi->process, &info);
    procfs_buf_printf(b, "name: ");
    procfs_buf_append_name(b, info.name);
    procfs_buf_printf(b, "\nstate: %s\n", info.state);
    procfs_buf_printf(b, "pid: %d\nppid: %d\npgid: %d\nsid: %d\n", info.pid, info.ppid, info.pgid, info.sid);
    procfs_buf_printf(b, "uid: %u\neuid: %u\nsuid: %u\n", info.uid, info.euid, info.suid);
    procfs_buf_printf(b, "gid: %u\negid: %u\nsgid: %u\n", info.gid, info.egid, info.sgid);
    procfs_buf_printf(b, "threads: %u\n", info.threads);
    procfs_buf_printf(b, "ticks_user: %llu\nticks_kernel: %llu\n", (unsigned long long)info.ticks_user,
                      (unsigned long long)info.ticks_kernel);
    procfs_buf_printf(b, "children_ticks_user: %llu\nchildren_ticks_kernel: %llu\n",
                      (unsigned long long)info.children_ticks_user,
                      (unsigned long long)info.children_ticks_kernel);
    procfs_buf_printf(b, "virtual_kib: %zu\nresident_pages: %zu\nregions: %zu\n", info.virtual_bytes / 1024,
                      info.resident_pages, info.regions);
    return b->error;
}

int procfs_gen_stat(struct procfs_inode *pi, struct procfs_buf *b)
{
    struct procfs_process_info info;
    procfs_process_info(pi->process, &info);
    /* The field order is documented in kernel/api/procfs.h. */
    procfs_buf_printf(b, "%d %d %d %d %u %u %u %u %u %u %s %u ", info.pid, info.ppid, info.pgid, info.sid,
                      info.uid, info.euid, info.suid, info.gid, info.egid, info.sgid, info.state,
                      info.threads);
    procfs_buf_printf(b, "%llu %llu %llu %llu ", (unsigned long long)info.ticks_user,
                      (unsigned long long)info.ticks_kernel, (unsigned long long)info.children_ticks_user,
                      (unsigned long long)info.children_ticks_kernel);
    procfs_buf_printf(b, "%zu %zu %zu ", info.virtual_bytes, info.resident_pages, info.regions);
    procfs_buf_append_name(b, info.name);
    procfs_buf_append(b, "\n", 1);
    return b->error;
}

/* Copies the saved argument or environment strings. They may be replaced
 * by an execve meanwhile, so the copy is retried until the room made for
 * it was enough. */
static int procfs_copy_exec_strings(struct process *p, bool environ, struct procfs_buf *b)
{
    for (;;) {
        irqflags_t fl = spin_lock_irqsave(&p->lock);
        size_t room = environ ? p->environ_len : p->cmdline_len;
        spin_unlock_irqrestore(&p->lock, fl);
        char *copy = kmalloc(room ? room : 1);
        if (!copy)
            return -ENOMEM;
        fl = spin_lock_irqsave(&p->lock);
        const char *src = environ ? p->environ : p->cmdline;
        size_t len = src ? (environ ? p->environ_len : p->cmdline_len) : 0;
        bool fits = len <= room;
        if (fits && len)
            memcpy(copy, src, len);
        spin_unlock_irqrestore(&p->lock, fl);
        if (fits)
            procfs_buf_append(b, copy, len);
        kfree(copy);
        if (fits)
            return b->error;
    }
}

int procfs_gen_cmdline(struct procfs_inode *pi, struct procfs_buf *b)
{
    return procfs_copy_exec_strings(pi->process, false, b);
}

int procfs_gen_environ(struct procfs_inode *pi, struct procfs_buf *b)
{
    return procfs_copy_exec_strings(pi->process, true, b);
}

/* The regions of p, in a new array (kfree it). */
static int procfs_process_regions(struct process *p, struct vm_region_info **out, size_t *count)
{
    struct vm_region_info *infos = NULL;
    size_t n = 0, room = 0;
    mutex_lock(&p->resources_lock);
    while (p->vm) {
        n = vm_space_regions(p->vm, infos, room);
        if (n <= room)
            break;
        /* resources_lock is a mutex: allocating under it is fine. */
        kfree(infos);
        room = n + 4;
        infos = kmalloc(room * sizeof(*infos));
        if (!infos) {
            mutex_unlock(&p->resources_lock);
            return -ENOMEM;
        }
    }
    if (!p->vm)
        n = 0;
    mutex_unlock(&p->resources_lock);
    *out = infos;
    *count = n;
    return 0;
}

int procfs_gen_maps(struct procfs_inode *pi, struct procfs_buf *b)
{
    struct vm_region_info *infos;
    size_t n;
    int rc = procfs_process_regions(pi->process, &infos, &n);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct vm_region_info *r = &infos[i];
        procfs_buf_printf(b, "%08lx-%08lx %c%c%c%c %zu ", (unsigned long)r->start, (unsigned long)r->end,
                          (r->prot & VM_PROT_READ) ? 'r' : '-', (r->prot & VM_PROT_WRITE) ? 'w' : '-',
                          (r->prot & VM_PROT_EXEC) ? 'x' : '-', (r->flags & VM_MAP_SHARED) ? 's' : 'p',
                          r->resident_pages);
        char name[VM_NAME_MAX];
        strlcpy(name, r->name[0] ? r->name : "[anonymous]", sizeof(name));
        procfs_buf_append_name(b, name);
        procfs_buf_append(b, "\n", 1);
    }
    kfree(infos);
    return b->error;
}

struct procfs_fd_collect {
    int *fds;
    size_t count, room;
};

static int procfs_fd_collect_one(void *ctx, int fd, struct file *f, int fd_flags)
{
    (void)f, (void)fd_flags;
    struct procfs_fd_collect *c = ctx;
    if (c->count == c->room)
        return 1;   /* opened since we counted: this listing goes without */
    c->fds[c->count++] = fd;
    return 0;
}

int procfs_process_fds(struct process *p, int **fds, size_t *count)
{
    struct procfs_fd_collect c = { NULL, 0, 0 };
    int rc = 0;
    mutex_lock(&p->resources_lock);
    if (p->fds) {
        c.room = (size_t)fd_table_count(p->fds) + 4;
        c.fds = kmalloc(c.room * sizeof(int));
        if (c.fds)
            fd_table_for_each(p->fds, procfs_fd_collect_one, &c);
        else
            rc = -ENOMEM;
    }
    mutex_unlock(&p->resources_lock);
    *fds = c.fds;
    *count = c.count;
    return rc;
}

int procfs_process_file(struct process *p, int fd, struct file **out)
{
    int rc = -ENOENT;
    mutex_lock(&p->resources_lock);
    if (p->fds)
        rc = fd_table_get(p->fds, fd, out);
    mutex_unlock(&p->resources_lock);
    return rc == -EBADF ? -ENOENT : rc;
}
