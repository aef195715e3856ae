/* Clocks, sleeping and interval timers of the kernel ABI. Seconds are 64-bit
 * everywhere so that 2038 is no limit. */
#ifndef KERNEL_API_TIME_H
#define KERNEL_API_TIME_H

/* The guard is shared with every other header that defines struct timespec
 * (kernel/api/types.h, libc's <time.h>): identical layouts, one definition. */
#ifndef KERNEL_API_TIMESPEC_DEFINED
#define KERNEL_API_TIMESPEC_DEFINED
struct timespec {
    __INT64_TYPE__ tv_sec;
    long tv_nsec;          /* 0 .. 999,999,999 */
};
#endif

#ifndef KERNEL_API_TIMEVAL_DEFINED
#define KERNEL_API_TIMEVAL_DEFINED
struct timeval {
    __INT64_TYPE__ tv_sec;
    long tv_usec;          /* 0 .. 999,999 */
};
#endif

/* setitimer()/getitimer(): it_value is the time left until the next expiry
 * (zero: disarmed), it_interval the reload value (zero: one-shot). */
struct itimerval {
    struct timeval it_interval;
    struct timeval it_value;
};

/* Clock ids (the Linux numbers). */
#define CLOCK_REALTIME           0  /* wall-clock time since the epoch */
#define CLOCK_MONOTONIC          1  /* time since boot; never jumps */
#define CLOCK_PROCESS_CPUTIME_ID 2  /* CPU time used by the calling process */
#define CLOCK_THREAD_CPUTIME_ID  3  /* CPU time used by the calling thread */
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7

/* clock_nanosleep(clock, flags, req, rem): with TIMER_ABSTIME, req is a
 * point in time on `clock` rather than an interval, and rem is not written.
 * Interrupted by a signal handler it returns -EINTR and, for a relative
 * sleep with rem != NULL, stores the time that was left. */
#define TIMER_ABSTIME 1

/* Interval timers; each delivers its signal on expiry. */
#define ITIMER_REAL    0  /* real time: SIGALRM */
#define ITIMER_VIRTUAL 1  /* user CPU time: SIGVTALRM */
#define ITIMER_PROF    2  /* user and system CPU time: SIGPROF */

#endif
