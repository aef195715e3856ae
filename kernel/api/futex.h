/* futex(uaddr, op, val, timeout): the kernel half of user-space locks. The
 * lock word lives in user memory; the kernel only parks and wakes threads.
 *   FUTEX_WAIT: if *uaddr still equals val, sleep until woken, until the
 *               relative timeout (a struct timespec; NULL = forever) passes
 *               (-ETIMEDOUT), or until a signal handler runs (-EINTR).
 *               Returns 0 when woken, -EAGAIN if *uaddr != val.
 *   FUTEX_WAKE: wake up to val threads waiting on uaddr; returns how many.
 * uaddr must be 4-byte aligned (-EINVAL otherwise). */
#ifndef KERNEL_API_FUTEX_H
#define KERNEL_API_FUTEX_H

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

#endif
