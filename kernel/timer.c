/* A sorted list of pending timers. Few timers are pending at any time (one
 * per sleeping thread, plus alarms), so a list keeps it simple. */
#include "kernel/timer.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"

/* Protects the pending list and every timer's node. */
static struct spinlock timer_lock = SPINLOCK_INIT("timers");
static struct list_node timers_pending = LIST_INIT(timers_pending);

void ktimer_init(struct ktimer *t)
{
    list_init(&t->node);
    t->fn = NULL;
    t->arg = NULL;
    t->deadline_ns = 0;
}

void ktimer_arm(struct ktimer *t, uint64_t deadline_ns, void (*fn)(struct ktimer *, void *), void *arg)
{
    irqflags_t fl = spin_lock_irqsave(&timer_lock);
    if (list_linked(&t->node))
        list_remove(&t->node);
    t->deadline_ns = deadline_ns;
    t->fn = fn;
    t->arg = arg;
    struct list_node *pos = timers_pending.next;
    while (pos != &timers_pending && list_entry(pos, struct ktimer, node)->deadline_ns <= deadline_ns)
        pos = pos->next;
    list_insert_between(&t->node, pos->prev, pos);
    spin_unlock_irqrestore(&timer_lock, fl);
}

bool ktimer_cancel(struct ktimer *t)
{
    irqflags_t fl = spin_lock_irqsave(&timer_lock);
    bool pending = list_linked(&t->node);
    if (pending)
        list_remove(&t->node);
    spin_unlock_irqrestore(&timer_lock, fl);
    return pending;
}

void ktimer_run_expired(uint64_t now_ns)
{
    ASSERT(!irq_enabled());
    for (;;) {
        irqflags_t fl = spin_lock_irqsave(&timer_lock);
        struct ktimer *t = NULL;
        if (!list_empty(&timers_pending)) {
            struct ktimer *first = list_entry(timers_pending.next, struct ktimer, node);
            if (first->deadline_ns <= now_ns) {
                t = first;
                list_remove(&t->node);
            }
        }
        spin_unlock_irqrestore(&timer_lock, fl);
        if (!t)
            return;
        /* Called without the lock so the callback may re-arm the timer. */
        t->fn(t, t->arg);
    }
}
