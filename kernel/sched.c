/* Scheduler core: run queues, context switches, blocking and waking,
 * preemption from the timer. */
#include "kernel/sched.h"
#include "kernel/clock.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched_hooks.h"
#include "kernel/timer.h"
#include "kernel/user_return.h"

struct spinlock sched_lock = SPINLOCK_INIT("sched");
static struct list_node run_queues[THREAD_PRIORITY_COUNT];
static uint64_t switch_count;

void sched_init(void)
{
    for (int i = 0; i < THREAD_PRIORITY_COUNT; i++)
        list_init(&run_queues[i]);
}

/* sched_lock held. */
static void run_queue_push(struct thread *t)
{
    ASSERT_HELD(&sched_lock);
    ASSERT(!list_linked(&t->run_node));
    list_push_back(&run_queues[t->priority], &t->run_node);
}

/* sched_lock held. The best runnable thread, or NULL. */
static struct thread *run_queue_pop(void)
{
    for (int p = THREAD_PRIORITY_COUNT - 1; p >= 0; p--) {
        struct list_node *n = list_pop_front(&run_queues[p]);
        if (n)
            return list_entry(n, struct thread, run_node);
    }
    return NULL;
}

/* A woken thread that outranks the running one gets the CPU at the next
 * interrupt exit. sched_lock held. */
static void maybe_request_preempt(struct thread *woken)
{
    struct cpu *cpu = this_cpu();
    if (cpu->current && woken->priority > cpu->current->priority)
        cpu->need_resched = 1;
}

void sched_enqueue_new(struct thread *t)
{
    irqflags_t fl = spin_lock_irqsave(&sched_lock);
    t->state = THREAD_RUNNABLE;
    run_queue_push(t);
    maybe_request_preempt(t);
    spin_unlock_irqrestore(&sched_lock, fl);
}

void sched_wake(struct thread *t)
{
    irqflags_t fl = spin_lock_irqsave(&sched_lock);
    if (t->state == THREAD_BLOCKED) {
        t->state = THREAD_RUNNABLE;
        /* On one CPU a blocked thread that is still current has not switched
         * away yet (interrupts are off between blocking and switching), so
         * queueing it is safe: the switch will find it runnable. With SMP
         * this needs an on-CPU check before another CPU may pick it up. */
        run_queue_push(t);
        maybe_request_preempt(t);
    }
    spin_unlock_irqrestore(&sched_lock, fl);
}

void sched_switch_locked(void)
{
    ASSERT_HELD(&sched_lock);
    struct cpu *cpu = this_cpu();
    struct thread *prev = cpu->current;
    if (prev->state == THREAD_RUNNING) {
        prev->state = THREAD_RUNNABLE;
        if (prev != cpu->idle)
            run_queue_push(prev);
    }
    struct thread *next = run_queue_pop();
    if (!next)
        next = cpu->idle;
    next->state = THREAD_RUNNING;
    next->slice_left = SCHED_SLICE_TICKS;
    cpu->need_resched = 0;
    if (next == prev)
        return;
    switch_count++;
    cpu->current = next;
    process_switch_address_space(prev, next);
    arch_switch_thread_state(&prev->arch, &next->arch);
    switch_context(&prev->arch.saved_esp, next->arch.saved_esp);
    /* Back on prev's stack: some later switch chose it again. */
}

void sched_yield(void)
{
    irqflags_t fl = spin_lock_irqsave(&sched_lock);
    sched_switch_locked();
    spin_unlock_irqrestore(&sched_lock, fl);
}

void sched_block_releasing(struct spinlock *held)
{
    ASSERT(!irq_enabled());
    ASSERT(!in_irq());
    ASSERT(this_cpu()->preempt_disable == 0);
    struct thread *self = thread_current();
    spin_lock_irqsave(&sched_lock);
    /* The state changes before `held` is released, so a waker that takes
     * `held` next is guaranteed to see BLOCKED and wake us. */
    self->state = THREAD_BLOCKED;
    spin_unlock_irqrestore(held, 0);
    sched_switch_locked();
    spin_unlock_irqrestore(&sched_lock, 0);
}

void preempt_disable(void) { this_cpu()->preempt_disable++; }

void preempt_enable(void)
{
    struct cpu *cpu = this_cpu();
    ASSERT(cpu->preempt_disable > 0);
    cpu->preempt_disable--;
}

uint64_t sched_switch_count(void) { return switch_count; }

void sched_on_tick(struct trap_frame *f)
{
    ktimer_run_expired(clock_monotonic_ns());
    struct cpu *cpu = this_cpu();
    struct thread *t = cpu->current;
    if (!t)
        return;
    if (trap_from_user(f))
        t->ticks_user++;
    else
        t->ticks_kernel++;
    if (t == cpu->idle || --t->slice_left <= 0)
        cpu->need_resched = 1;
}

/* Preempts only at the outermost interrupt level, and only when the
 * interrupted code had interrupts on (it held no spinlock). */
void sched_on_interrupt_exit(struct trap_frame *f)
{
    struct cpu *cpu = this_cpu();
    if (!cpu->current)
        return;
    if (cpu->need_resched && cpu->irq_depth == 0 && cpu->preempt_disable == 0 && (f->eflags & EFLAGS_IF))
        sched_yield();
    if (trap_from_user(f))
        user_return_prepare(f);
}
