/* The scheduler: priority run queues with round-robin inside a priority,
 * preemption on the timer tick. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H
#include "kernel/spinlock.h"
#include "kernel/thread.h"

#define SCHED_SLICE_TICKS 10

/* Protects run queues and every thread's state field. Lock order: wait
 * queue locks and the timer lock come before it. */
extern struct spinlock sched_lock;

void sched_init(void);
/* Give up the CPU; returns when the scheduler picks this thread again. */
void sched_yield(void);
/* Make a runnable thread known to the scheduler (new threads). */
void sched_enqueue_new(struct thread *t);
/* BLOCKED -> RUNNABLE; no effect in any other state. Callable from interrupts. */
void sched_wake(struct thread *t);
/* Blocks the current thread: marks it BLOCKED, releases `held` (a spinlock the
 * caller holds with interrupts off), and switches away. Returns once woken,
 * with interrupts still off and `held` not held. */
void sched_block_releasing(struct spinlock *held);
/* Called with sched_lock held, interrupts off: switch to the best runnable thread. */
void sched_switch_locked(void);
/* Stop/allow preemption of the current thread (nestable). */
void preempt_disable(void);
void preempt_enable(void);
/* Number of context switches so far, for tests and /proc. */
uint64_t sched_switch_count(void);
#endif
