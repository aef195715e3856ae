/* poll: wait until any of several files is ready. Each file's poll op
 * names the wait queues that signal its changes; this thread watches all of
 * them at once and sleeps until one fires, the timeout passes, or a signal
 * arrives. */
#include "kernel/api/poll.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/sched.h"
#include "kernel/syscalls/file_common.h"
#include "kernel/thread.h"
#include "kernel/timer.h"
#include "mm/heap.h"

#define POLL_MAX_FDS        1024
#define POLL_MAX_WATCHES    (2 * POLL_MAX_FDS)

struct poll_watch {
    struct wait_watcher watcher;
    struct wait_queue *wq;
};

struct poll_state {
    struct spinlock lock;       /* protects fired; the sleeper's handshake */
    volatile bool fired;
    struct thread *sleeper;
    struct poll_watch *watches;
    unsigned nwatches, capacity;
    struct poll_table table;
};

static void poll_fire(struct poll_state *s)
{
    irqflags_t fl = spin_lock_irqsave(&s->lock);
    s->fired = true;
    sched_wake(s->sleeper);
    spin_unlock_irqrestore(&s->lock, fl);
}

static void poll_watch_notify(struct wait_watcher *w) { poll_fire(w->ctx); }

static void poll_table_register(struct poll_table *pt, struct wait_queue *wq)
{
    struct poll_state *s = pt->ctx;
    for (unsigned i = 0; i < s->nwatches; i++)
        if (s->watches[i].wq == wq)
            return;
    if (s->nwatches == s->capacity)
        return;     /* bounded; a file with more queues than this is not seen waking */
    struct poll_watch *pw = &s->watches[s->nwatches++];
    pw->wq = wq;
    pw->watcher.notify = poll_watch_notify;
    pw->watcher.ctx = s;
    list_init(&pw->watcher.node);
    wait_queue_watch(wq, &pw->watcher);
}

static void poll_timeout_fired(struct ktimer *t, void *arg)
{
    (void)t;
    poll_fire(arg);
}

/* Checks every fd once; registers wait queues when pt is non-NULL. The
 * files stay referenced for the whole call, so no queue we watch can be
 * freed under us. */
static int poll_scan(struct pollfd *fds, struct file **files, unsigned nfds, struct poll_table *pt)
{
    int ready = 0;
    for (unsigned i = 0; i < nfds; i++) {
        fds[i].revents = 0;
        if (fds[i].fd < 0)
            continue;
        if (!files[i]) {
            fds[i].revents = POLLNVAL;
            ready++;
            continue;
        }
        unsigned mask = file_poll(files[i], pt);
        /* Errors and hang-ups are reported whether asked for or not. */
        fds[i].revents = (short)(mask & ((unsigned short)fds[i].events | POLLERR | POLLHUP | POLLNVAL));
        if (fds[i].revents)
            ready++;
    }
    return ready;
}

long sys_poll(user_ptr_t fds_ptr, unsigned nfds, int timeout_ms)
{
    if (nfds > POLL_MAX_FDS || timeout_ms < -1)
        return -EINVAL;
    struct pollfd *fds = kmalloc((nfds ? nfds : 1) * sizeof(*fds));
    struct file **files = kcalloc(nfds ? nfds : 1, sizeof(*files));
    long rc = 0;
    if (!fds || !files) {
        rc = -ENOMEM;
        goto out_fds;
    }
    if (copy_from_user(fds, fds_ptr, nfds * sizeof(*fds)) < 0) {
        rc = -EFAULT;
        goto out_fds;
    }
    for (unsigned i = 0; i < nfds; i++)
        if (fds[i].fd >= 0 && syscall_file_get(fds[i].fd, &files[i]) < 0)
            files[i] = NULL;
    struct poll_state s = { .sleeper = thread_current(), .capacity = POLL_MAX_WATCHES };
    spinlock_init(&s.lock, "poll");
    s.watches = kcalloc(s.capacity, sizeof(*s.watches));
    if (!s.watches) {
        rc = -ENOMEM;
        goto out_fds;
    }
    s.table = (struct poll_table){ .add = poll_table_register, .ctx = &s };
    struct ktimer timer;
    ktimer_init(&timer);
    if (timeout_ms > 0)
        ktimer_arm(&timer, clock_monotonic_ns() + (uint64_t)timeout_ms * 1000000ull, poll_timeout_fired, &s);
    bool timed_out = timeout_ms == 0;
    bool first = true;
    for (;;) {
        s.fired = false;
        rc = poll_scan(fds, files, nfds, first ? &s.table : NULL);
        first = false;
        if (rc > 0 || timed_out)
            break;
        if (thread_interrupted(thread_current())) {
            rc = -EINTR;
            break;
        }
        irqflags_t fl = spin_lock_irqsave(&s.lock);
        if (!s.fired)
            sched_block_releasing(&s.lock);
        else
            spin_unlock_irqrestore(&s.lock, 0);
        irq_restore(fl);
        if (timeout_ms > 0 && !list_linked(&timer.node))
            timed_out = true;   /* one last scan, then report 0 */
    }
    ktimer_cancel(&timer);
    for (unsigned i = 0; i < s.nwatches; i++)
        wait_queue_unwatch(s.watches[i].wq, &s.watches[i].watcher);
    kfree(s.watches);
    if (rc >= 0 && copy_to_user(fds_ptr, fds, nfds * sizeof(*fds)) < 0)
        rc = -EFAULT;
out_fds:
    for (unsigned i = 0; files && i < nfds; i++)
        if (files[i])
            file_put(files[i]);
    kfree(files);
    kfree(fds);
    return rc;
}
