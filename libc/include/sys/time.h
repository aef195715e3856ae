/* POSIX <sys/time.h>: microsecond time, interval timers and utimes. */
#ifndef _SYS_TIME_H
#define _SYS_TIME_H

#include <sys/types.h>
#include <kernel/api/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Obsolete; gettimeofday fills it with zeros (the clock is UTC). */
struct timezone {
    int tz_minuteswest;
    int tz_dsttime;
};

int gettimeofday(struct timeval *restrict tv, void *restrict tz);
int getitimer(int which, struct itimerval *value);
int setitimer(int which, const struct itimerval *restrict value,
              struct itimerval *restrict old);
int utimes(const char *path, const struct timeval times[2]);

#define timerisset(t) ((t)->tv_sec || (t)->tv_usec)
#define timerclear(t) ((t)->tv_sec = (t)->tv_usec = 0)
#define timercmp(a, b, op)                                              \
    ((a)->tv_sec == (b)->tv_sec ? (a)->tv_usec op (b)->tv_usec          \
                                : (a)->tv_sec op (b)->tv_sec)
#define timeradd(a, b, r)                                               \
    do {                                                                \
        (r)->tv_sec = (a)->tv_sec + (b)->tv_sec;                        \
        (r)->tv_usec = (a)->tv_usec + (b)->tv_usec;                     \
        if ((r)->tv_usec >= 1000000) {                                  \
            (r)->tv_sec++;                                              \
            (r)->tv_usec -= 1000000;                                    \
        }                                                               \
    } while (0)
#define timersub(a, b, r)                                               \
    do {                                                                \
        (r)->tv_sec = (a)->tv_sec - (b)->tv_sec;                        \
        (r)->tv_usec = (a)->tv_usec - (b)->tv_usec;                     \
        if ((r)->tv_usec < 0) {                                         \
            (r)->tv_sec--;                                              \
            (r)->tv_usec += 1000000;                                    \
        }                                                               \
    } while (0)

#ifdef __cplusplus
}
#endif

#endif
