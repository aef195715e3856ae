/* futex: user-space locks park and wake threads here, keyed by the address
 * space and the user address of the lock word. */
#include "kernel/api/futex.h"
#include "kernel/api/time.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"
#include "kernel/wait_queue.h"

#define FUTEX_BUCKETS 64

struct futex_waiter {
    const void *space;
    uintptr_t uaddr;
    uint32_t expected;
    bool queued;            /* on its bucket's list (bucket lock) */
    bool woken;
    bool value_changed;
    struct list_node node;
};

struct futex_bucket {
    struct wait_queue wq;   /* its lock also protects `waiters` */
    struct list_node waiters;
};

static struct futex_bucket futex_buckets[FUTEX_BUCKETS];

void futex_init(void)
{
    for (unsigned i = 0; i < FUTEX_BUCKETS; i++) {
        wait_queue_init(&futex_buckets[i].wq, "futex");
        list_init(&futex_buckets[i].waiters);
    }
}

static struct futex_bucket *futex_bucket_for(const void *space, uintptr_t uaddr)
{
    uintptr_t h = (uaddr >> 2) ^ ((uintptr_t)space >> 4);
    return &futex_buckets[(h * 2654435761u) >> 26 & (FUTEX_BUCKETS - 1)];
}

/* Runs under the bucket lock: the first time, compare the lock word and
 * queue ourselves atomically with respect to wakers, who hold the same lock
 * while they change waiters. Reading user memory here may fault in a page,
 * which takes only the address space's own lock. */
static int futex_check(void *arg)
{
    struct futex_waiter *w = arg;
    if (w->woken)
        return 1;
    if (!w->queued) {
        uint32_t now;
        if (copy_from_user(&now, user_ptr(w->uaddr), sizeof(now)) < 0 || now != w->expected) {
            w->value_changed = true;
            return 1;
        }
        list_push_back(&futex_bucket_for(w->space, w->uaddr)->waiters, &w->node);
        w->queued = true;
    }
    return 0;
}

static long futex_wait(uintptr_t uaddr, uint32_t expected, user_ptr_t timeout_ptr)
{
    uint64_t timeout_ns = 0;
    if (!user_ptr_is_null(timeout_ptr)) {
        struct timespec ts;
        if (copy_from_user(&ts, timeout_ptr, sizeof(ts)) < 0)
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
            return -EINVAL;
        timeout_ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
        if (timeout_ns == 0)
            timeout_ns = 1;
    }
    struct futex_waiter w = { .space = process_current()->vm, .uaddr = uaddr, .expected = expected };
    list_init(&w.node);
    struct futex_bucket *b = futex_bucket_for(w.space, uaddr);
    int rc = wait_queue_wait(&b->wq, futex_check, &w, timeout_ns, 1);
    irqflags_t fl = spin_lock_irqsave(&b->wq.lock);
    if (w.queued && list_linked(&w.node))
        list_remove(&w.node);
    spin_unlock_irqrestore(&b->wq.lock, fl);
    if (w.value_changed)
        return -EAGAIN;
    if (w.woken)
        return 0;
    return rc;
}

static long futex_wake(uintptr_t uaddr, uint32_t count)
{
    const void *space = process_current()->vm;
    struct futex_bucket *b = futex_bucket_for(space, uaddr);
    long woken = 0;
    irqflags_t fl = spin_lock_irqsave(&b->wq.lock);
    list_for_each_safe(n, tmp, &b->waiters) {
        if ((uint32_t)woken >= count)
            break;
        struct futex_waiter *w = list_entry(n, struct futex_waiter, node);
        if (w->space != space || w->uaddr != uaddr)
            continue;
        list_remove(&w->node);
        w->woken = true;
        woken++;
    }
    spin_unlock_irqrestore(&b->wq.lock, fl);
    if (woken)
        wait_queue_wake_all(&b->wq);    /* the others re-check and sleep on */
    return woken;
}

long sys_futex(uintptr_t uaddr, int op, uint32_t val, user_ptr_t timeout)
{
    if (uaddr & 3)
        return -EINVAL;
    if (!user_range_ok(user_ptr(uaddr), 4))
        return -EFAULT;
    switch (op) {
    case FUTEX_WAIT: return futex_wait(uaddr, val, timeout);
    case FUTEX_WAKE: return futex_wake(uaddr, val);
    default: return -ENOSYS;
    }
}
