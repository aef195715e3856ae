/* Process creation, the process tree, death, finalization and reaping. */
#include "kernel/process.h"
#include "drivers/tty/tty.h"
#include "arch/x86/paging.h"
#include "kernel/api/wait.h"
#include "kernel/errno.h"
#include "fs/inode.h"
#include "kernel/fd_table.h"
#include "kernel/finalizer.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/protected_data.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/thread_join.h"
#include "kernel/job_control.h"
#include "mm/heap.h"
#include "mm/vm_space.h"
#include <string.h>

#define INIT_PID 1
#define DEFAULT_UMASK 022

struct spinlock process_tree_lock = SPINLOCK_INIT("process_tree");
struct process *kernel_process;

static void process_release(struct process *p);

struct process *process_current(void) { return thread_current()->process; }

void process_get(struct process *p) { __atomic_add_fetch(&p->refcount, 1, __ATOMIC_RELAXED); }

static void process_free(struct process *p)
{
    unveil_clear(p);
    kfree(p->cmdline);
    kfree(p->environ);
    process_protected_free(p);
    kfree(p);
}

void process_put(struct process *p)
{
    if (__atomic_sub_fetch(&p->refcount, 1, __ATOMIC_ACQ_REL) == 0)
        process_free(p);
}

/* Copies identity from the parent, or makes a root identity. */
static void process_inherit_identity(struct process *p, struct process *parent, bool kernel)
{
    process_protected_unlock(p);
    struct process_protected *d = process_protected_mut(p);
    if (parent && !kernel) {
        const struct process_protected *pp = parent->prot;
        d->ppid = pp->pid;
        d->sid = pp->sid;
        d->pgid = pp->pgid;
        d->uid = pp->uid, d->euid = pp->euid, d->suid = pp->suid;
        d->gid = pp->gid, d->egid = pp->egid, d->sgid = pp->sgid;
        d->ngroups = pp->ngroups;
        memcpy(d->groups, pp->groups, sizeof(d->groups));
        d->umask = pp->umask;
        d->dumpable = pp->dumpable;
        d->has_promises = pp->has_promises;
        d->promises = pp->promises;
        d->has_exec_promises = pp->has_exec_promises;
        d->exec_promises = pp->exec_promises;
        d->signal_trampoline = pp->signal_trampoline;
    } else {
        d->ppid = parent ? parent->prot->pid : 0;
        d->umask = DEFAULT_UMASK;
        d->dumpable = true;
    }
    d->kernel = kernel;
    process_protected_lock(p);
}

struct process *process_create(const char *name, struct process *parent, bool kernel)
{
    return process_create_with_pid(name, parent, kernel, kernel_process == NULL ? 0 : -1);
}

struct process *process_create_with_pid(const char *name, struct process *parent, bool kernel, int wanted)
{
    struct process *p = kzalloc(sizeof(*p));
    if (!p)
        goto fail_alloc;
    if (process_protected_alloc(p) < 0)
        goto fail_protected;
    spinlock_init(&p->lock, "process");
    mutex_init(&p->resources_lock, "process.resources");
    strlcpy(p->name, name, sizeof(p->name));
    list_init(&p->threads);
    list_init(&p->children);
    list_init(&p->sibling_node);
    list_init(&p->all_node);
    list_init(&p->exited_threads);
    unveil_init(&p->unveil);
    wait_queue_init(&p->child_wait, "child_wait");
    wait_queue_init(&p->thread_exit_wq, "thread_exit");
    wait_queue_init(&p->signal_wq, "signal_wait");
    wait_queue_init(&p->stop_wq, "stopped");
    ktimer_init(&p->itimer_real);
    p->refcount = 1;    /* the table's reference, dropped when reaped */
    p->state = PROCESS_ALIVE;
    process_inherit_identity(p, parent, kernel);

    int pid = id_table_alloc_pid(p, wanted);
    if (pid < 0)
        goto fail_pid;
    if (!parent || kernel) {
        /* A new session and group of its own, named after itself. */
        process_protected_unlock(p);
        process_protected_mut(p)->sid = pid;
        process_protected_mut(p)->pgid = pid;
        process_protected_lock(p);
    }
    id_table_group_ref(p->prot->pgid);
    id_table_group_ref(p->prot->sid);
    /* Past this point creation cannot fail. */
    if (parent) {
        irqflags_t fl = spin_lock_irqsave(&process_tree_lock);
        p->parent = parent;
        list_push_back(&parent->children, &p->sibling_node);
        spin_unlock_irqrestore(&process_tree_lock, fl);
    }
    return p;

fail_pid:
    process_protected_free(p);
fail_protected:
    kfree(p);
fail_alloc:
    return NULL;
}

static char *process_copy_bytes(const char *src, size_t len)
{
    char *copy = src ? kmalloc(len ? len : 1) : NULL;
    if (copy)
        memcpy(copy, src, len);
    return copy;
}

void process_copy_exec_strings(struct process *child, struct process *parent)
{
    irqflags_t fl = spin_lock_irqsave(&parent->lock);
    size_t cl = parent->cmdline_len, el = parent->environ_len;
    spin_unlock_irqrestore(&parent->lock, fl);
    /* Allocated outside the lock; the parent's strings only change in its
     * own execve, which cannot run while it is forking. */
    child->cmdline = process_copy_bytes(parent->cmdline, cl);
    child->cmdline_len = child->cmdline ? cl : 0;
    child->environ = process_copy_bytes(parent->environ, el);
    child->environ_len = child->environ ? el : 0;
}

void process_release_files(struct process *p)
{
    mutex_lock(&p->resources_lock);
    struct fd_table *fds = p->fds;
    p->fds = NULL;
    mutex_unlock(&p->resources_lock);
    if (fds)
        fd_table_destroy(fds);
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct inode *dirs[3] = { p->cwd, p->root, p->executable };
    p->cwd = p->root = p->executable = NULL;
    spin_unlock_irqrestore(&p->lock, fl);
    for (int i = 0; i < 3; i++)
        if (dirs[i])
            inode_put(dirs[i]);
}

/* Unpublishes the address space before freeing it, so that an inspector
 * holding resources_lock never walks a freed one. */
static void process_release_vm(struct process *p)
{
    mutex_lock(&p->resources_lock);
    struct vm_space *vm = p->vm;
    p->vm = NULL;
    mutex_unlock(&p->resources_lock);
    if (vm)
        vm_space_destroy(vm);
}

void process_destroy_unstarted(struct process *p)
{
    ASSERT(list_empty(&p->threads) && p->state == PROCESS_ALIVE);
    irqflags_t fl = spin_lock_irqsave(&process_tree_lock);
    if (p->parent)
        list_remove(&p->sibling_node);
    p->parent = NULL;
    spin_unlock_irqrestore(&process_tree_lock, fl);
    process_release_vm(p);
    process_release_files(p);
    process_release(p);
}

int process_attach_thread(struct process *p, struct thread *t)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    if (p->state != PROCESS_ALIVE) {
        spin_unlock_irqrestore(&p->lock, fl);
        return -ESRCH;
    }
    list_push_back(&p->threads, &t->process_node);
    process_protected_unlock(p);
    process_protected_mut(p)->thread_count++;
    process_protected_lock(p);
    spin_unlock_irqrestore(&p->lock, fl);
    return 0;
}

bool process_die(struct process *p, int status, int signal)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    if (p->state != PROCESS_ALIVE) {
        spin_unlock_irqrestore(&p->lock, fl);
        return false;
    }
    p->state = PROCESS_DYING;
    process_protected_unlock(p);
    process_protected_mut(p)->termination_status = status;
    process_protected_mut(p)->termination_signal = signal;
    process_protected_lock(p);
    list_for_each(n, &p->threads) {
        struct thread *t = list_entry(n, struct thread, process_node);
        t->should_die = true;
        /* Interruptible waits notice should_die once woken. */
        sched_wake(t);
    }
    spin_unlock_irqrestore(&p->lock, fl);
    return true;
}

/* The process that adopts orphans: init, or nobody before init exists. */
static struct process *process_reaper_for(struct process *dying)
{
    struct process *init = process_from_pid(INIT_PID);
    if (init && (init == dying || init->state != PROCESS_ALIVE)) {
        process_put(init);
        return NULL;
    }
    return init;
}

static void process_release(struct process *p)
{
    id_table_group_unref(p->prot->pgid);
    id_table_group_unref(p->prot->sid);
    id_table_release_pid(p);
    process_put(p);
}

/* Tear-down after the last thread died, in the finalizer's context. */
static void process_finalize(struct process *p)
{
    /* Resources first. We run on the finalizer's kernel page tables, so the
     * address space is not active anywhere. */
    ktimer_cancel(&p->itimer_real);
    process_release_files(p);
    process_release_vm(p);
    uint64_t user, kernel;
    process_cpu_ticks(p, &user, &kernel);
    /* A session leader's end hangs up its controlling terminal. */
    tty_session_leader_exited(p);

    struct process *reaper = process_reaper_for(p);
    struct process *orphan_zombies[16];
    unsigned orphan_count = 0;
    bool release_now = false;

    irqflags_t fl = spin_lock_irqsave(&process_tree_lock);
    int child_groups[JOB_CONTROL_MAX_GROUPS];
    unsigned child_group_count = 0;
    while (!list_empty(&p->children)) {
        struct process *c = list_entry(p->children.next, struct process, sibling_node);
        list_remove(&c->sibling_node);
        c->parent = reaper;
        process_protected_unlock(c);
        process_protected_mut(c)->ppid = reaper ? reaper->prot->pid : 0;
        process_protected_lock(c);
        if (child_group_count < JOB_CONTROL_MAX_GROUPS)
            child_groups[child_group_count++] = c->prot->pgid;
        if (reaper) {
            list_push_back(&reaper->children, &c->sibling_node);
        } else if (c->state == PROCESS_ZOMBIE && orphan_count < 16) {
            orphan_zombies[orphan_count++] = c;
        }
    }
    spin_lock_irqsave(&p->lock);
    p->state = PROCESS_ZOMBIE;
    spin_unlock_irqrestore(&p->lock, 0);
    struct process *parent = p->parent;
    if (parent) {
        parent->child_ticks_user += user;
        parent->child_ticks_kernel += kernel;
        process_get(parent);
    } else {
        release_now = true;     /* nobody will ever wait for it */
    }
    spin_unlock_irqrestore(&process_tree_lock, fl);

    if (parent) {
        bool auto_reap = false;
        signal_notify_parent_exit(p, &auto_reap);
        if (auto_reap) {
            /* No zombie: unlink it now, unless a waiter got there first. */
            fl = spin_lock_irqsave(&process_tree_lock);
            release_now = p->parent == parent && list_linked(&p->sibling_node);
            if (release_now)
                list_remove(&p->sibling_node);
            spin_unlock_irqrestore(&process_tree_lock, fl);
        }
    }
    job_control_process_exited(p, child_groups, child_group_count);

    if (reaper) {
        wait_queue_wake_all(&reaper->child_wait);
        process_put(reaper);
    }
    for (unsigned i = 0; i < orphan_count; i++)
        process_release(orphan_zombies[i]);
    if (parent) {
        wait_queue_wake_all(&parent->child_wait);
        process_put(parent);
    }
    if (release_now)
        process_release(p);
}

void process_thread_finalized(struct process *p, struct thread *t)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    list_remove(&t->process_node);
    p->dead_ticks_user += t->ticks_user;
    p->dead_ticks_kernel += t->ticks_kernel;
    process_protected_unlock(p);
    uint32_t left = --process_protected_mut(p)->thread_count;
    process_protected_lock(p);
    if (left == 0 && p->state == PROCESS_ALIVE)
        p->state = PROCESS_DYING;   /* the last thread returned: a normal exit */
    spin_unlock_irqrestore(&p->lock, fl);
    if (left > 0 && !process_is_kernel(p))
        thread_join_record_exit(p, t);
    /* execve waits here for the other threads to be gone. */
    wait_queue_wake_all(&p->thread_exit_wq);
    thread_destroy(t);
    if (left == 0) {
        thread_join_discard_all(p);
        process_finalize(p);
    }
}

void process_cpu_ticks(struct process *p, uint64_t *user, uint64_t *kernel)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    uint64_t u = p->dead_ticks_user, k = p->dead_ticks_kernel;
    list_for_each(n, &p->threads) {
        struct thread *t = list_entry(n, struct thread, process_node);
        u += t->ticks_user;
        k += t->ticks_kernel;
    }
    spin_unlock_irqrestore(&p->lock, fl);
    *user = u;
    *kernel = k;
}

struct wait_query {
    struct process *parent;
    int idtype, id;         /* P_PID, P_PGID (id 0: the caller's group) or P_ALL */
    int options;            /* which events count: WEXITED, WSTOPPED, WCONTINUED */
    unsigned event;         /* for `found`: 0 = it ended, else PROCESS_EVENT_* */
    struct process *found;  /* a zombie child that matches */
    bool any_child;         /* some child matches at all */
};

static bool wait_matches(const struct wait_query *q, const struct process *c)
{
    switch (q->idtype) {
    case P_PID: return c->prot->pid == q->id;
    case P_PGID: return c->prot->pgid == (q->id ? q->id : q->parent->prot->pgid);
    default: return true;
    }
}

/* process_tree_lock held. */
static void wait_scan(struct wait_query *q)
{
    q->found = NULL;
    q->any_child = false;
    list_for_each(n, &q->parent->children) {
        struct process *c = list_entry(n, struct process, sibling_node);
        if (!wait_matches(q, c))
            continue;
        q->any_child = true;
        if (c->state == PROCESS_ZOMBIE && (q->options & WEXITED)) {
            q->found = c;
            q->event = 0;
            return;
        }
        unsigned events = c->wait_events & (((q->options & WSTOPPED) ? PROCESS_EVENT_STOPPED : 0) |
                                            ((q->options & WCONTINUED) ? PROCESS_EVENT_CONTINUED : 0));
        if (events && c->state == PROCESS_ALIVE) {
            q->found = c;
            q->event = events;
            return;
        }
    }
}

static int wait_ready(void *arg)
{
    struct wait_query *q = arg;
    irqflags_t fl = spin_lock_irqsave(&process_tree_lock);
    wait_scan(q);
    spin_unlock_irqrestore(&process_tree_lock, fl);
    return q->found || !q->any_child;
}

int process_wait(struct process *parent, int idtype, int id, int options, struct wait_result *out)
{
    if (idtype != P_PID && idtype != P_PGID && idtype != P_ALL)
        return -EINVAL;
    struct wait_query q = { .parent = parent, .idtype = idtype, .id = id, .options = options };
    for (;;) {
        if (options & WNOHANG) {
            wait_ready(&q);
        } else {
            int rc = wait_queue_wait(&parent->child_wait, wait_ready, &q, 0, 1);
            if (rc < 0)
                return rc;
        }
        if (!q.any_child)
            return -ECHILD;
        if (!q.found)
            return 0;
        /* Claim it under the tree lock; a concurrent waiter may have won. */
        irqflags_t fl = spin_lock_irqsave(&process_tree_lock);
        struct process *c = q.found;
        bool ours = c->parent == parent && list_linked(&c->sibling_node);
        if (ours && q.event) {
            /* A stop or continue: reported once, the child stays. */
            spin_lock_irqsave(&c->lock);
            unsigned ev = c->wait_events & q.event;
            ours = ev != 0;
            if (ours && !(options & WNOWAIT))
                c->wait_events &= ~ev;
            out->pid = c->prot->pid;
            out->uid = c->prot->uid;
            out->code = (ev & PROCESS_EVENT_STOPPED) ? CLD_STOPPED : CLD_CONTINUED;
            out->signal = (ev & PROCESS_EVENT_STOPPED) ? c->stop_signal : SIGCONT;
            out->exit_status = 0;
            spin_unlock_irqrestore(&c->lock, 0);
            spin_unlock_irqrestore(&process_tree_lock, fl);
            if (!ours)
                continue;
            return out->pid;
        }
        ours = ours && c->state == PROCESS_ZOMBIE;
        if (ours && !(options & WNOWAIT))
            list_remove(&c->sibling_node);
        if (ours) {
            out->pid = c->prot->pid;
            out->uid = c->prot->uid;
            out->signal = c->prot->termination_signal;
            out->code = out->signal ? CLD_KILLED : CLD_EXITED;
            out->exit_status = c->prot->termination_status;
        }
        spin_unlock_irqrestore(&process_tree_lock, fl);
        if (!ours)
            continue;
        if (!(options & WNOWAIT))
            process_release(c);
        return out->pid;
    }
}

int process_waitpid(struct process *parent, int pid, int *status, bool nohang)
{
    struct wait_result r;
    int rc = process_wait(parent, pid == -1 ? P_ALL : P_PID, pid, WEXITED | (nohang ? WNOHANG : 0), &r);
    if (rc > 0 && status)
        *status = r.signal ? WAIT_STATUS_SIGNALED(r.signal) : WAIT_STATUS_EXITED(r.exit_status);
    return rc;
}

/* Kernel threads run on the kernel's own page tables, so a user address
 * space is never left loaded after its process is gone. */
void process_switch_address_space(struct thread *prev, struct thread *next)
{
    (void)prev;
    struct vm_space *vm = next->process->vm;
    if (this_cpu()->vm != vm)
        vm_space_activate(vm);
}

static void idle_main(void *arg)
{
    (void)arg;
    for (;;) {
        irq_enable();
        cpu_halt();
    }
}

void process_init(void)
{
    sched_init();
    id_table_init();
    kernel_process = process_create("kernel", NULL, true);
    if (!kernel_process)
        panic("cannot create the kernel process");
    thread_adopt_boot_context(kernel_process);
    /* The idle thread is never on a run queue: the scheduler falls back on it. */
    struct thread *idle = thread_create_in(kernel_process, idle_main, NULL, THREAD_PRIORITY_LOW, "idle", false);
    if (!idle)
        panic("cannot create the idle thread");
    idle->priority = THREAD_PRIORITY_IDLE;
    idle->state = THREAD_RUNNABLE;
    this_cpu()->idle = idle;
    finalizer_start();
}

/* Replaced by the TTY layer, which knows controlling terminals. */
__attribute__((weak)) void process_session_detach_tty(struct process *p) { (void)p; }
