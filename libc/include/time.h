/* Time types and conversions (C11 <time.h> plus the POSIX parts Kestrel
 * provides). Kestrel has no time zones: local time is UTC. Calendar
 * conversion and formatting are pure code in libc/time; functions that read
 * clocks or sleep need the kernel and are defined with the syscall-backed
 * code. */
#ifndef _TIME_H
#define _TIME_H

#define __need_size_t
#define __need_NULL
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds since 1970-01-01 00:00:00 UTC; 64 bits so 2038 is no limit. */
typedef __INT64_TYPE__ time_t;
typedef long clock_t;

#define CLOCKS_PER_SEC 1000000L

typedef int clockid_t;

/* struct timespec, the CLOCK_* ids and TIMER_ABSTIME are the kernel's. */
#include <kernel/api/time.h>

/* timespec_get() base: the only one, CLOCK_REALTIME. */
#define TIME_UTC 1

/* The field order, including the BSD/GNU tm_gmtoff and tm_zone, matches
 * glibc's, which the host tests rely on. */
struct tm {
    int tm_sec;          /* 0-60 (60 for a leap second) */
    int tm_min;          /* 0-59 */
    int tm_hour;         /* 0-23 */
    int tm_mday;         /* 1-31 */
    int tm_mon;          /* 0-11 */
    int tm_year;         /* years since 1900 */
    int tm_wday;         /* 0-6, Sunday = 0 */
    int tm_yday;         /* 0-365 */
    int tm_isdst;        /* always 0: there is no daylight saving time */
    long tm_gmtoff;      /* seconds east of UTC: always 0 */
    const char *tm_zone; /* abbreviation of the zone */
};

/* Calendar conversion. The non-_r forms share static storage. */
struct tm *gmtime(const time_t *timer);
struct tm *gmtime_r(const time_t *restrict timer, struct tm *restrict result);
struct tm *localtime(const time_t *timer);
struct tm *localtime_r(const time_t *restrict timer,
                       struct tm *restrict result);
time_t mktime(struct tm *tm);
time_t timegm(struct tm *tm);
double difftime(time_t time1, time_t time0);

/* Formatting. */
size_t strftime(char *restrict s, size_t maxsize, const char *restrict format,
                const struct tm *restrict tm);
char *asctime(const struct tm *tm);
char *asctime_r(const struct tm *restrict tm, char *restrict buf);
char *ctime(const time_t *timer);
char *ctime_r(const time_t *timer, char *buf);

/* Time zone state, fixed at UTC; tzset() has nothing to load. */
extern char *tzname[2];
extern long timezone;
extern int daylight;
void tzset(void);

/* Clocks: defined outside the pure part of libc. */
time_t time(time_t *timer);
clock_t clock(void);
int timespec_get(struct timespec *ts, int base);
int clock_gettime(clockid_t clock, struct timespec *ts);
/* Unlike most POSIX calls, returns the error number itself (0 on success). */
int clock_nanosleep(clockid_t clock, int flags, const struct timespec *req,
                    struct timespec *rem);
int nanosleep(const struct timespec *req, struct timespec *rem);

#ifdef __cplusplus
}
#endif

#endif
