/* Private to libc: futex calls and the simple lock built on them, used by
 * the pthread mutexes and by libc's own internal locks.
 *
 * The lock word is 0 (free), 1 (held) or 2 (held, and someone may be
 * sleeping on it): the holder releasing a 2 knows to make the wake call,
 * and an uncontended lock/unlock makes no system call at all. */
#ifndef LIBC_INTERNAL_FUTEX_H
#define LIBC_INTERNAL_FUTEX_H

#include <kernel/api/futex.h>
#include <time.h>

#include "syscall.h"

/* Returns 0 or -errno. On a kernel without futexes the caller's retry loop
 * becomes a polite spin. */
static inline int __futex_wait(int *addr, int expected, const struct timespec *timeout)
{
    long r = __syscall4(SYS_futex, __SC(addr), FUTEX_WAIT, expected, __SC(timeout));
    if (r == -ENOSYS)
        __syscall0(SYS_sched_yield);
    return __syscall_failed(r) ? (int)r : 0;
}

static inline void __futex_wake(int *addr, int count)
{
    __syscall4(SYS_futex, __SC(addr), FUTEX_WAKE, count, 0);
}

static inline int __lock_try(int *w)
{
    int expected = 0;
    return __atomic_compare_exchange_n(w, &expected, 1, 0, __ATOMIC_ACQUIRE,
                                       __ATOMIC_RELAXED);
}

static inline void __lock(int *w)
{
    if (__lock_try(w))
        return;
    /* Mark the lock contended before sleeping, so the holder wakes us. */
    while (__atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE) != 0)
        __futex_wait(w, 2, 0);
}

static inline void __unlock(int *w)
{
    if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) == 2)
        __futex_wake(w, 1);
}

#endif
