/* Wait queues over sched_block_releasing/sched_wake. */
#include "kernel/wait_queue.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "kernel/timer.h"

void wait_queue_init(struct wait_queue *wq, const char *name)
{
    spinlock_init(&wq->lock, name);
    list_init(&wq->waiters);
    list_init(&wq->watchers);
}

/* wq->lock held. Watchers hear of every wake-up, even a wake-one. */
static void wait_queue_notify_watchers(struct wait_queue *wq)
{
    list_for_each(n, &wq->watchers) {
        struct wait_watcher *w = list_entry(n, struct wait_watcher, node);
        w->notify(w);
    }
}

void wait_queue_wake_all(struct wait_queue *wq)
{
    irqflags_t fl = spin_lock_irqsave(&wq->lock);
    struct list_node *n;
    while ((n = list_pop_front(&wq->waiters)))
        sched_wake(list_entry(n, struct thread, wait_node));
    wait_queue_notify_watchers(wq);
    spin_unlock_irqrestore(&wq->lock, fl);
}

void wait_queue_wake_one(struct wait_queue *wq)
{
    irqflags_t fl = spin_lock_irqsave(&wq->lock);
    struct list_node *n = list_pop_front(&wq->waiters);
    if (n)
        sched_wake(list_entry(n, struct thread, wait_node));
    wait_queue_notify_watchers(wq);
    spin_unlock_irqrestore(&wq->lock, fl);
}

void wait_queue_watch(struct wait_queue *wq, struct wait_watcher *w)
{
    irqflags_t fl = spin_lock_irqsave(&wq->lock);
    list_push_back(&wq->watchers, &w->node);
    spin_unlock_irqrestore(&wq->lock, fl);
}

void wait_queue_unwatch(struct wait_queue *wq, struct wait_watcher *w)
{
    irqflags_t fl = spin_lock_irqsave(&wq->lock);
    if (list_linked(&w->node))
        list_remove(&w->node);
    spin_unlock_irqrestore(&wq->lock, fl);
}

static void wait_timeout_fired(struct ktimer *timer, void *arg)
{
    (void)timer;
    struct thread *t = arg;
    t->woken_by_timeout = true;
    sched_wake(t);
}

int wait_queue_wait(struct wait_queue *wq, int (*check)(void *arg), void *arg, uint64_t timeout_ns,
                    int interruptible)
{
    ASSERT(!in_irq());
    struct thread *self = thread_current();
    struct ktimer timer;
    ktimer_init(&timer);
    uint64_t deadline = timeout_ns ? clock_monotonic_ns() + timeout_ns : 0;
    if (deadline)
        ktimer_arm(&timer, deadline, wait_timeout_fired, self);
    int rc;
    for (;;) {
        irqflags_t fl = spin_lock_irqsave(&wq->lock);
        if (check(arg)) {
            rc = 0;
        } else if (interruptible && thread_interrupted(self)) {
            rc = -EINTR;
        } else if (deadline && clock_monotonic_ns() >= deadline) {
            rc = -ETIMEDOUT;
        } else {
            list_push_back(&wq->waiters, &self->wait_node);
            sched_block_releasing(&wq->lock);
            /* Woken by the queue (already unlinked), a timeout or a signal. */
            spin_lock_irqsave(&wq->lock);
            if (list_linked(&self->wait_node))
                list_remove(&self->wait_node);
            spin_unlock_irqrestore(&wq->lock, fl);
            continue;
        }
        spin_unlock_irqrestore(&wq->lock, fl);
        break;
    }
    if (deadline)
        ktimer_cancel(&timer);
    return rc;
}
