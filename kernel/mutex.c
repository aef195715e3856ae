/* Sleeping mutex: ownership changes under the wait queue's spinlock, and an
 * unlock hands the mutex straight to the longest waiter so that a stream of
 * new lockers cannot starve it. */
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "kernel/thread.h"

void mutex_init(struct mutex *m, const char *name)
{
    m->owner = NULL;
    m->name = name;
    wait_queue_init(&m->waiters, name);
}

bool mutex_trylock(struct mutex *m)
{
    struct thread *self = thread_current();
    irqflags_t fl = spin_lock_irqsave(&m->waiters.lock);
    bool got = m->owner == NULL;
    if (got)
        m->owner = self;
    spin_unlock_irqrestore(&m->waiters.lock, fl);
    return got;
}

void mutex_lock(struct mutex *m)
{
    struct thread *self = thread_current();
    ASSERT(!in_irq());
    irqflags_t fl = spin_lock_irqsave(&m->waiters.lock);
    if (m->owner == self)
        panic("mutex %s: locked twice by thread %d", m->name, self->tid);
    if (m->owner == NULL) {
        m->owner = self;
        spin_unlock_irqrestore(&m->waiters.lock, fl);
        return;
    }
    /* Wait until an unlock hands ownership over; uninterruptible, since a
     * mutex is held only briefly by kernel code. */
    while (m->owner != self) {
        list_push_back(&m->waiters.waiters, &self->wait_node);
        sched_block_releasing(&m->waiters.lock);
        spin_lock_irqsave(&m->waiters.lock);
        /* Still queued means a spurious wake-up: leave and queue again. */
        if (list_linked(&self->wait_node))
            list_remove(&self->wait_node);
    }
    spin_unlock_irqrestore(&m->waiters.lock, fl);
}

void mutex_unlock(struct mutex *m)
{
    irqflags_t fl = spin_lock_irqsave(&m->waiters.lock);
    if (m->owner != thread_current())
        panic("mutex %s: unlocked by a thread that does not hold it", m->name);
    struct list_node *n = list_pop_front(&m->waiters.waiters);
    m->owner = n ? list_entry(n, struct thread, wait_node) : NULL;
    if (n)
        sched_wake(m->owner);
    spin_unlock_irqrestore(&m->waiters.lock, fl);
}

bool mutex_is_held(const struct mutex *m) { return m->owner == thread_current(); }
