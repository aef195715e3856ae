/* A thread cannot free the stack it runs on, so dead threads are queued
 * here and freed by the finalizer thread. The queue's lock is taken with
 * interrupts off by the dying thread right before its last switch. */
#include "kernel/finalizer.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

/* Protects dead_threads and the counters; it is also the wait queue's lock. */
static struct wait_queue finalizer_wq = WAIT_QUEUE_INIT(finalizer_wq, "finalizer");
/* Woken whenever a batch has been finalized, for finalizer_drain. */
static struct wait_queue drained_wq = WAIT_QUEUE_INIT(drained_wq, "finalizer_drained");
static struct list_node dead_threads = LIST_INIT(dead_threads);
static volatile unsigned long threads_queued, threads_finalized;

void finalizer_enqueue_thread(struct thread *t)
{
    ASSERT(!irq_enabled());
    spin_lock_irqsave(&finalizer_wq.lock);
    list_push_back(&dead_threads, &t->finalize_node);
    threads_queued++;
    spin_unlock_irqrestore(&finalizer_wq.lock, 0);
    wait_queue_wake_all(&finalizer_wq);
}

static int finalizer_has_work(void *arg)
{
    (void)arg;
    return !list_empty(&dead_threads);
}

static void finalizer_main(void *arg)
{
    (void)arg;
    for (;;) {
        wait_queue_wait(&finalizer_wq, finalizer_has_work, NULL, 0, 0);
        for (;;) {
            irqflags_t fl = spin_lock_irqsave(&finalizer_wq.lock);
            struct list_node *n = list_pop_front(&dead_threads);
            spin_unlock_irqrestore(&finalizer_wq.lock, fl);
            if (!n)
                break;
            struct thread *t = list_entry(n, struct thread, finalize_node);
            /* On one CPU the dead thread has switched away before we run.
             * With SMP, wait here until it is off its CPU. */
            ASSERT(t->state == THREAD_DEAD);
            struct process *p = t->process;
            process_thread_finalized(p, t);
            threads_finalized++;
        }
        wait_queue_wake_all(&drained_wq);
    }
}

static int finalizer_caught_up(void *arg)
{
    return threads_finalized >= *(unsigned long *)arg;
}

void finalizer_drain(void)
{
    unsigned long target = threads_queued;
    wait_queue_wait(&drained_wq, finalizer_caught_up, &target, 0, 0);
}

void finalizer_start(void)
{
    struct process *p = process_create("finalizer", NULL, true);
    if (!p || !thread_create_kernel(p, finalizer_main, NULL, THREAD_PRIORITY_HIGH, "finalizer"))
        panic("cannot start the finalizer");
}
