/* Clocks and sleeping. */
#include "kernel/api/time.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"

static int clock_read_ns(int clock, uint64_t *ns)
{
    switch (clock) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
        *ns = clock_realtime_ns();
        return 0;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME:
        *ns = clock_monotonic_ns();
        return 0;
    case CLOCK_PROCESS_CPUTIME_ID: {
        uint64_t user, kernel;
        process_cpu_ticks(process_current(), &user, &kernel);
        *ns = (user + kernel) * NSEC_PER_TICK;
        return 0;
    }
    case CLOCK_THREAD_CPUTIME_ID:
        *ns = (thread_current()->ticks_user + thread_current()->ticks_kernel) * NSEC_PER_TICK;
        return 0;
    default:
        return -EINVAL;
    }
}

long sys_clock_gettime(int clock, user_ptr_t out)
{
    uint64_t ns;
    int rc = clock_read_ns(clock, &ns);
    if (rc < 0)
        return rc;
    struct timespec ts = { (int64_t)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
    return copy_to_user(out, &ts, sizeof(ts));
}

long sys_clock_nanosleep(int clock, int flags, user_ptr_t request, user_ptr_t remain)
{
    if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC)
        return -EINVAL;
    if (flags & ~TIMER_ABSTIME)
        return -EINVAL;
    struct timespec req;
    if (copy_from_user(&req, request, sizeof(req)) < 0)
        return -EFAULT;
    if (req.tv_sec < 0 || req.tv_nsec < 0 || req.tv_nsec >= (long)NSEC_PER_SEC)
        return -EINVAL;
    uint64_t want = (uint64_t)req.tv_sec * NSEC_PER_SEC + (uint64_t)req.tv_nsec;
    uint64_t now;
    clock_read_ns(clock, &now);
    uint64_t start_mono = clock_monotonic_ns();
    uint64_t duration = (flags & TIMER_ABSTIME) ? (want > now ? want - now : 0) : want;
    int rc = thread_sleep_ns(duration);
    if (rc == -EINTR && !(flags & TIMER_ABSTIME) && !user_ptr_is_null(remain)) {
        uint64_t slept = clock_monotonic_ns() - start_mono;
        uint64_t left = slept < duration ? duration - slept : 0;
        struct timespec rem = { (int64_t)(left / NSEC_PER_SEC), (long)(left % NSEC_PER_SEC) };
        if (copy_to_user(remain, &rem, sizeof(rem)) < 0)
            return -EFAULT;
    }
    return rc;
}
