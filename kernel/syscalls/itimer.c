/* Interval timers. ITIMER_REAL counts real time and sends SIGALRM; libc's
 * alarm() is built on it. */
#include "kernel/api/time.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/timer.h"
#include "kernel/uaccess.h"

#define USEC_MAX 1000000

static uint64_t timeval_to_ns(const struct timeval *tv)
{
    return (uint64_t)tv->tv_sec * NSEC_PER_SEC + (uint64_t)tv->tv_usec * 1000;
}

static struct timeval ns_to_timeval(uint64_t ns)
{
    /* Round up: a timer that has time left never reads as disarmed. */
    uint64_t us = (ns + 999) / 1000;
    return (struct timeval){ (int64_t)(us / USEC_MAX), (long)(us % USEC_MAX) };
}

/* Interrupt context: the process lives while its timer is armed, since the
 * finalizer cancels it before anything is freed. */
static void itimer_real_fired(struct ktimer *timer, void *arg)
{
    struct process *p = arg;
    struct signal_info info = { .code = SI_TIMER };
    signal_send_process(p, SIGALRM, &info);
    if (p->itimer_real_interval_ns)
        ktimer_arm(timer, clock_monotonic_ns() + p->itimer_real_interval_ns, itimer_real_fired, p);
}

static struct itimerval itimer_real_read(struct process *p)
{
    struct itimerval v = { 0 };
    v.it_interval = ns_to_timeval(p->itimer_real_interval_ns);
    if (list_linked(&p->itimer_real.node)) {
        uint64_t now = clock_monotonic_ns(), when = p->itimer_real.deadline_ns;
        v.it_value = ns_to_timeval(when > now ? when - now : 1);
    }
    return v;
}

long sys_getitimer(int which, user_ptr_t out)
{
    if (which != ITIMER_REAL)
        return -EINVAL;
    struct itimerval v = itimer_real_read(process_current());
    return copy_to_user(out, &v, sizeof(v));
}

long sys_setitimer(int which, user_ptr_t new_ptr, user_ptr_t old_ptr)
{
    if (which != ITIMER_REAL)
        return -EINVAL;
    struct itimerval v;
    if (copy_from_user(&v, new_ptr, sizeof(v)) < 0)
        return -EFAULT;
    if (v.it_value.tv_sec < 0 || v.it_value.tv_usec < 0 || v.it_value.tv_usec >= USEC_MAX ||
        v.it_interval.tv_sec < 0 || v.it_interval.tv_usec < 0 || v.it_interval.tv_usec >= USEC_MAX)
        return -EINVAL;
    struct process *p = process_current();
    struct itimerval old = itimer_real_read(p);
    ktimer_cancel(&p->itimer_real);
    p->itimer_real_interval_ns = timeval_to_ns(&v.it_interval);
    uint64_t value = timeval_to_ns(&v.it_value);
    if (value)
        ktimer_arm(&p->itimer_real, clock_monotonic_ns() + value, itimer_real_fired, p);
    if (!user_ptr_is_null(old_ptr) && copy_to_user(old_ptr, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}
