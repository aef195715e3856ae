/* Mutexes: the futex lock of libc/internal/futex.h, plus an owner and a
 * depth for the recursive and error-checking kinds. */
#include <errno.h>
#include <pthread.h>

#include "../internal/futex.h"
#include "../internal/tcb.h"

int pthread_mutexattr_init(pthread_mutexattr_t *attr)
{
    attr->__type = PTHREAD_MUTEX_DEFAULT;
    return 0;
}

int pthread_mutexattr_destroy(pthread_mutexattr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type)
{
    if (type != PTHREAD_MUTEX_NORMAL && type != PTHREAD_MUTEX_RECURSIVE &&
        type != PTHREAD_MUTEX_ERRORCHECK)
        return EINVAL;
    attr->__type = type;
    return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *restrict attr, int *restrict type)
{
    *type = attr->__type;
    return 0;
}

int pthread_mutex_init(pthread_mutex_t *restrict m, const pthread_mutexattr_t *restrict attr)
{
    m->__lock = 0;
    m->__type = attr ? attr->__type : PTHREAD_MUTEX_DEFAULT;
    m->__owner = 0;
    m->__count = 0;
    return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m)
{
    return __atomic_load_n(&m->__lock, __ATOMIC_RELAXED) ? EBUSY : 0;
}

/* For the checking kinds: 0 to go on and take the lock, or the result to
 * return right away (the caller already holds it). */
static int check_owner(pthread_mutex_t *m, int self)
{
    if (m->__type == PTHREAD_MUTEX_NORMAL ||
        __atomic_load_n(&m->__owner, __ATOMIC_RELAXED) != self)
        return -1;
    if (m->__type == PTHREAD_MUTEX_ERRORCHECK)
        return EDEADLK;
    if (m->__count == ~0u)
        return EAGAIN;
    m->__count++;
    return 0;
}

static void took(pthread_mutex_t *m, int self)
{
    if (m->__type != PTHREAD_MUTEX_NORMAL) {
        __atomic_store_n(&m->__owner, self, __ATOMIC_RELAXED);
        m->__count = 1;
    }
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
    int self = __libc_self()->tid;
    int held = check_owner(m, self);
    if (held >= 0)
        return held;
    __lock(&m->__lock);
    took(m, self);
    return 0;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
    int self = __libc_self()->tid;
    int held = check_owner(m, self);
    if (held >= 0)
        return held == EDEADLK ? EBUSY : held;
    if (!__lock_try(&m->__lock))
        return EBUSY;
    took(m, self);
    return 0;
}

/* The relative time from now until abstime on `clock`; ETIMEDOUT if it
 * has passed. Shared with the condition variables. */
int __pthread_time_left(clockid_t clock, const struct timespec *abstime,
                        struct timespec *left);
int __pthread_time_left(clockid_t clock, const struct timespec *abstime,
                        struct timespec *left)
{
    if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000)
        return EINVAL;
    struct timespec now;
    if (clock_gettime(clock, &now) < 0)
        return errno;
    left->tv_sec = abstime->tv_sec - now.tv_sec;
    left->tv_nsec = abstime->tv_nsec - now.tv_nsec;
    if (left->tv_nsec < 0) {
        left->tv_sec--;
        left->tv_nsec += 1000000000;
    }
    return left->tv_sec < 0 ? ETIMEDOUT : 0;
}

int pthread_mutex_timedlock(pthread_mutex_t *restrict m,
                            const struct timespec *restrict abstime)
{
    int self = __libc_self()->tid;
    int held = check_owner(m, self);
    if (held >= 0)
        return held;
    if (__lock_try(&m->__lock)) {
        took(m, self);
        return 0;
    }
    while (__atomic_exchange_n(&m->__lock, 2, __ATOMIC_ACQUIRE) != 0) {
        struct timespec left;
        int err = __pthread_time_left(CLOCK_REALTIME, abstime, &left);
        if (err)
            return err;
        __futex_wait(&m->__lock, 2, &left);
    }
    took(m, self);
    return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
    if (m->__type != PTHREAD_MUTEX_NORMAL) {
        if (__atomic_load_n(&m->__owner, __ATOMIC_RELAXED) != __libc_self()->tid)
            return EPERM;
        if (--m->__count > 0)
            return 0;
        __atomic_store_n(&m->__owner, 0, __ATOMIC_RELAXED);
    }
    __unlock(&m->__lock);
    return 0;
}
