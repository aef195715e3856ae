/* Sleeping mutexes: a contended lock blocks the thread instead of spinning.
 * Not for interrupt context. Not recursive: locking twice panics. */
#ifndef KERNEL_MUTEX_H
#define KERNEL_MUTEX_H
#include <stdbool.h>
#include "kernel/wait_queue.h"

struct thread;
struct mutex {
    struct thread *owner;   /* NULL when free; changed under waiters.lock */
    struct wait_queue waiters;
    const char *name;
};

#define MUTEX_INIT(m, label) { NULL, WAIT_QUEUE_INIT((m).waiters, label), label }
void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_held(const struct mutex *m);   /* by the current thread */
#define ASSERT_MUTEX_HELD(m) ASSERT(mutex_is_held(m))
#endif
