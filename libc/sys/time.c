/* Clocks, sleeping and interval timers. */
#include <errno.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "../internal/syscall.h"

int clock_gettime(clockid_t clock, struct timespec *ts)
{
    return (int)__syscall_ret(__syscall2(SYS_clock_gettime, clock, __SC(ts)));
}

int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
                    struct timespec *rem)
{
    long r = __syscall4(SYS_clock_nanosleep, clock, flags, __SC(req), __SC(rem));
    return __syscall_failed(r) ? (int)-r : 0;
}

/* POSIX measures nanosleep against CLOCK_REALTIME but requires it to be
 * unaffected by clock changes, which is what CLOCK_MONOTONIC gives. */
int nanosleep(const struct timespec *req, struct timespec *rem)
{
    int err = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
    if (err) {
        errno = err;
        return -1;
    }
    return 0;
}

/* Returns the seconds left unslept (rounded up) when a signal cut it short,
 * or all of them if sleeping is impossible. */
unsigned sleep(unsigned seconds)
{
    struct timespec req = { seconds, 0 }, rem = { 0, 0 };
    if (nanosleep(&req, &rem) == 0)
        return 0;
    if (errno != EINTR)
        return seconds;
    return (unsigned)rem.tv_sec + (rem.tv_nsec > 0);
}

int usleep(useconds_t usec)
{
    struct timespec req = { usec / 1000000, (long)(usec % 1000000) * 1000 };
    return nanosleep(&req, NULL);
}

time_t time(time_t *timer)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return (time_t)-1;
    if (timer)
        *timer = ts.tv_sec;
    return ts.tv_sec;
}

int timespec_get(struct timespec *ts, int base)
{
    if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts) < 0)
        return 0;
    return base;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
        return -1;
    if (tv) {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    if (tz) {
        struct timezone *z = tz;
        z->tz_minuteswest = 0;
        z->tz_dsttime = 0;
    }
    return 0;
}

/* Processor time in CLOCKS_PER_SEC units, or -1 if unavailable. */
clock_t clock(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0)
        return (clock_t)-1;
    return (clock_t)(ts.tv_sec * CLOCKS_PER_SEC + ts.tv_nsec / (1000000000 / CLOCKS_PER_SEC));
}

int getitimer(int which, struct itimerval *value)
{
    return (int)__syscall_ret(__syscall2(SYS_getitimer, which, __SC(value)));
}

int setitimer(int which, const struct itimerval *restrict value,
              struct itimerval *restrict old)
{
    return (int)__syscall_ret(
        __syscall3(SYS_setitimer, which, __SC(value), __SC(old)));
}

/* alarm() cannot report failure; without timers nothing is scheduled, the
 * return value is 0 and errno says why. */
unsigned alarm(unsigned seconds)
{
    struct itimerval it = { { 0, 0 }, { seconds, 0 } }, old;
    if (setitimer(ITIMER_REAL, &it, &old) < 0)
        return 0;
    /* Round the time left to the nearest second, but never report a
     * pending alarm as none. */
    unsigned left = (unsigned)old.it_value.tv_sec;
    if (old.it_value.tv_usec >= 500000 || (left == 0 && old.it_value.tv_usec > 0))
        left++;
    return left;
}
