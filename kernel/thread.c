/* Thread creation and teardown. */
#include "kernel/thread.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/finalizer.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/timer.h"
#include "kernel/user_return.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include "mm/vmap.h"
#include <string.h>

#define KSTACK_GUARD_PAGES 1

static struct thread *thread_alloc(struct process *p, enum thread_priority priority, const char *name)
{
    struct thread *t = kzalloc(sizeof(*t));
    if (!t)
        return NULL;
    t->process = p;
    t->priority = priority;
    strlcpy(t->name, name, sizeof(t->name));
    list_init(&t->run_node);
    list_init(&t->wait_node);
    list_init(&t->process_node);
    list_init(&t->finalize_node);
    t->altstack.flags = SS_DISABLE;
    arch_thread_init_fpu(&t->arch);
    return t;
}

/* Creates a thread of process p with the given id policy; not yet runnable.
 * use_pid_as_tid: the process's first thread shares its number. */
struct thread *thread_create_in(struct process *p, void (*entry)(void *), void *arg,
                                enum thread_priority priority, const char *name, bool use_pid_as_tid)
{
    ASSERT(priority > THREAD_PRIORITY_IDLE && priority < THREAD_PRIORITY_COUNT);
    struct thread *t = thread_alloc(p, priority, name);
    if (!t)
        goto fail_alloc;
    t->kstack = vmap_alloc(THREAD_KSTACK_PAGES, KSTACK_GUARD_PAGES);
    if (!t->kstack)
        goto fail_stack;
    int tid = use_pid_as_tid ? id_table_attach_tid(process_pid(p), t) : id_table_alloc_tid(t);
    if (tid < 0)
        goto fail_tid;
    t->tid = tid;
    t->entry = entry;
    t->entry_arg = arg;
    arch_thread_init_stack(&t->arch, (uint32_t)t->kstack + THREAD_KSTACK_PAGES * PAGE_SIZE);
    if (process_attach_thread(p, t) < 0)
        goto fail_attach;
    /* Nothing below can fail: the thread exists from here on. */
    return t;

fail_attach:
    id_table_release_tid(t);
fail_tid:
    vmap_free(t->kstack, THREAD_KSTACK_PAGES, KSTACK_GUARD_PAGES);
fail_stack:
    kfree(t);
fail_alloc:
    return NULL;
}

struct thread *thread_create_kernel(struct process *p, void (*entry)(void *), void *arg,
                                    enum thread_priority priority, const char *name)
{
    ASSERT(process_is_kernel(p));
    struct thread *t = thread_create_in(p, entry, arg, priority, name, false);
    if (t)
        sched_enqueue_new(t);
    return t;
}

/* The first C code of every new thread (see arch/x86/switch.S). It arrives
 * from sched_switch_locked with sched_lock held and interrupts off. */
void thread_bootstrap(void);
void thread_bootstrap(void)
{
    spin_unlock_irqrestore(&sched_lock, EFLAGS_IF);
    struct thread *self = thread_current();
    self->entry(self->entry_arg);
    thread_exit();
}

void thread_adopt_boot_context(struct process *p)
{
    struct thread *t = thread_alloc(p, THREAD_PRIORITY_NORMAL, "boot");
    if (!t)
        panic("thread: no memory for the boot thread");
    int tid = id_table_attach_tid(process_pid(p), t);
    ASSERT(tid >= 0);
    t->tid = tid;
    t->kstack = NULL;   /* the static boot stack is never freed */
    extern char boot_stack_top[];
    t->arch.kstack_top = (uint32_t)boot_stack_top;
    t->state = THREAD_RUNNING;
    t->slice_left = SCHED_SLICE_TICKS;
    ASSERT(process_attach_thread(p, t) == 0);
    this_cpu()->current = t;
}

void thread_exit(void)
{
    struct thread *self = thread_current();
    ASSERT(!in_irq());
    irq_disable();
    finalizer_enqueue_thread(self);
    spin_lock_irqsave(&sched_lock);
    self->state = THREAD_DEAD;
    sched_switch_locked();
    ASSERT_NOT_REACHED();
    for (;;)
        ;
}

void thread_destroy(struct thread *t)
{
    ASSERT(t->state == THREAD_DEAD && t != thread_current());
    id_table_release_tid(t);
    if (t->kstack)
        vmap_free(t->kstack, THREAD_KSTACK_PAGES, KSTACK_GUARD_PAGES);
    kfree(t);
}

bool thread_interrupted(const struct thread *t)
{
    return t->should_die || ((t->signals_pending | t->process->signals_pending) & ~t->signal_mask);
}

static void sleep_timer_fired(struct ktimer *timer, void *arg)
{
    (void)timer;
    struct thread *t = arg;
    t->woken_by_timeout = true;
    sched_wake(t);
}

int thread_sleep_ns(uint64_t ns)
{
    struct thread *self = thread_current();
    struct ktimer timer;
    ktimer_init(&timer);
    uint64_t deadline = clock_monotonic_ns() + ns;
    int rc = 0;
    /* A private spinlock stands in for a wait queue: only the timer wakes us. */
    struct spinlock sleep_lock = SPINLOCK_INIT("sleep");
    while (clock_monotonic_ns() < deadline) {
        if (thread_interrupted(self)) {
            rc = -EINTR;
            break;
        }
        irqflags_t fl = spin_lock_irqsave(&sleep_lock);
        self->woken_by_timeout = false;
        ktimer_arm(&timer, deadline, sleep_timer_fired, self);
        sched_block_releasing(&sleep_lock);
        irq_restore(fl);
    }
    ktimer_cancel(&timer);
    return rc;
}

void user_return_prepare(struct trap_frame *f)
{
    signal_deliver(f);
}
