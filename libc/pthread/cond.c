/* Condition variables: a sequence number that every signal and broadcast
 * bumps. A waiter notes the number, releases the mutex and sleeps until
 * the number moves; a wake-up between the two steps changes the number, so
 * the futex refuses to sleep and no wake-up is lost. Spurious wake-ups are
 * allowed, as POSIX says callers must expect them. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>

#include "../internal/futex.h"
#include "../internal/tcb.h"

int __pthread_time_left(clockid_t clock, const struct timespec *abstime,
                        struct timespec *left);

int pthread_condattr_init(pthread_condattr_t *attr)
{
    attr->__clock = CLOCK_REALTIME;
    return 0;
}

int pthread_condattr_destroy(pthread_condattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_condattr_setclock(pthread_condattr_t *attr, clockid_t clock)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
        return EINVAL;
    attr->__clock = clock;
    return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *restrict attr,
                              clockid_t *restrict clock)
{
    *clock = attr->__clock;
    return 0;
}

int pthread_cond_init(pthread_cond_t *restrict c, const pthread_condattr_t *restrict attr)
{
    c->__seq = 0;
    c->__clock = attr ? attr->__clock : CLOCK_REALTIME;
    return 0;
}

int pthread_cond_destroy(pthread_cond_t *c)
{
    (void)c;
    return 0;
}

/* Gives the mutex back to its state before the wait: for the recursive
 * kind the depth is saved and restored around the sleep. */
static int wait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
    int self = __libc_self()->tid;
    if (m->__type != PTHREAD_MUTEX_NORMAL &&
        __atomic_load_n(&m->__owner, __ATOMIC_RELAXED) != self)
        return EPERM;
    unsigned depth = m->__count;
    int seq = (int)__atomic_load_n(&c->__seq, __ATOMIC_ACQUIRE);
    if (m->__type != PTHREAD_MUTEX_NORMAL) {
        m->__count = 0;
        __atomic_store_n(&m->__owner, 0, __ATOMIC_RELAXED);
    }
    __unlock(&m->__lock);

    int err = 0;
    if (abstime) {
        struct timespec left;
        err = __pthread_time_left(c->__clock, abstime, &left);
        if (!err && __futex_wait((int *)&c->__seq, seq, &left) == -ETIMEDOUT)
            err = ETIMEDOUT;
    } else {
        __futex_wait((int *)&c->__seq, seq, 0);
    }

    /* Others woken by the same broadcast may be queued on the mutex: take
     * it as contended, so that our unlock wakes the next one. */
    while (__atomic_exchange_n(&m->__lock, 2, __ATOMIC_ACQUIRE) != 0)
        __futex_wait(&m->__lock, 2, 0);
    if (m->__type != PTHREAD_MUTEX_NORMAL) {
        __atomic_store_n(&m->__owner, self, __ATOMIC_RELAXED);
        m->__count = depth;
    }
    return err;
}

int pthread_cond_wait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m)
{
    return wait(c, m, 0);
}

int pthread_cond_timedwait(pthread_cond_t *restrict c, pthread_mutex_t *restrict m,
                           const struct timespec *restrict abstime)
{
    return wait(c, m, abstime);
}

int pthread_cond_signal(pthread_cond_t *c)
{
    __atomic_fetch_add(&c->__seq, 1, __ATOMIC_RELEASE);
    __futex_wake((int *)&c->__seq, 1);
    return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
    __atomic_fetch_add(&c->__seq, 1, __ATOMIC_RELEASE);
    __futex_wake((int *)&c->__seq, INT_MAX);
    return 0;
}
