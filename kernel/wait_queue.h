/* Wait queues: a thread blocks on a queue until another wakes it. The
 * condition is always re-checked after waking, so wake-ups may be spurious. */
#ifndef KERNEL_WAIT_QUEUE_H
#define KERNEL_WAIT_QUEUE_H
#include <stdint.h>
#include "kernel/list.h"
#include "kernel/spinlock.h"

struct wait_queue {
    struct spinlock lock;       /* protects waiters and watchers */
    struct list_node waiters;   /* struct thread.wait_node */
    struct list_node watchers;  /* struct wait_watcher.node: poll() on many queues */
};

#define WAIT_QUEUE_INIT(name, label) { SPINLOCK_INIT(label), LIST_INIT((name).waiters), LIST_INIT((name).watchers) }

/* A watcher is told about every wake-up of a queue without sleeping on it,
 * so one thread can wait for any of several queues (poll, select). */
struct wait_watcher {
    struct list_node node;
    void (*notify)(struct wait_watcher *w);
    void *ctx;
};
void wait_queue_watch(struct wait_queue *wq, struct wait_watcher *w);
void wait_queue_unwatch(struct wait_queue *wq, struct wait_watcher *w);
void wait_queue_init(struct wait_queue *wq, const char *name);

/* Wake every waiter / the longest-waiting one. Callable from interrupts. */
void wait_queue_wake_all(struct wait_queue *wq);
void wait_queue_wake_one(struct wait_queue *wq);

/* Blocks the current thread until `check(arg)` returns true, the timeout
 * (nanoseconds of monotonic time; 0 = none) passes, or (when interruptible)
 * a signal is pending. `check` runs with wq->lock held and interrupts off,
 * so it must only read state; the waker changes that state before waking.
 * Returns 0, -ETIMEDOUT or -EINTR. Never call from interrupt context. */
int wait_queue_wait(struct wait_queue *wq, int (*check)(void *arg), void *arg, uint64_t timeout_ns,
                    int interruptible);
#endif
