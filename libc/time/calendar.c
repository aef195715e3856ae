/* Conversion between time_t and broken-down time in the proleptic Gregorian
 * calendar, for any year an int can hold: gmtime, localtime (which is UTC
 * here), timegm, mktime and difftime. */
#include <stdbool.h>
#include <time.h>

#include <bits/errno_location.h>
#include <bits/errno_values.h>

typedef long long i64;

#define SECONDS_PER_DAY 86400
#define DAYS_PER_400_YEARS 146097 /* 400 * 365 + 97 leap days */
/* Days from 0000-01-01 to 1970-01-01. */
#define DAYS_TO_EPOCH 719528

char *tzname[2] = { "UTC", "UTC" };
long timezone;
int daylight;

void tzset(void)
{
}

static i64 floor_div(i64 a, i64 b)
{
    i64 q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool is_leap(i64 year)
{
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

/* Days before the first of each month, in a common year. */
static const short days_before_month[12] = {
    0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
};

/* Days from 1970-01-01 to the first of January of year. Year 0 is a leap
 * year, so the leap days in [0, year) are the multiples of 4, less those of
 * 100, plus those of 400, each counted by a rounded-up division, which the
 * floor divisions also get right for negative years. */
static i64 days_to_year(i64 year)
{
    i64 leaps = floor_div(year + 3, 4) - floor_div(year + 99, 100) +
                floor_div(year + 399, 400);
    return 365 * year + leaps - DAYS_TO_EPOCH;
}

/* Splits a day number (days since 1970-01-01) into year and day of year, by
 * peeling off 400-year cycles, then centuries, four-year blocks and years.
 * Each cycle starts with a leap year, which makes its first century and, in
 * each century, the first block one day longer when it is a leap year. */
static void split_days(i64 days, i64 *year, int *yday)
{
    i64 d = days + DAYS_TO_EPOCH;
    i64 cycles = floor_div(d, DAYS_PER_400_YEARS);
    i64 y = cycles * 400;
    d -= cycles * DAYS_PER_400_YEARS;

    for (int c = 0; c < 3; c++) {
        i64 century_days = c == 0 ? 36525 : 36524;
        if (d < century_days)
            break;
        d -= century_days;
        y += 100;
    }

    i64 first_block = is_leap(y) ? 1461 : 1460;
    if (d >= first_block) {
        d -= first_block;
        y += 4 + 4 * (d / 1461);
        d %= 1461;
    }

    i64 first_year = is_leap(y) ? 366 : 365;
    if (d >= first_year) {
        d -= first_year;
        y += 1 + d / 365;
        d %= 365;
    }
    *year = y;
    *yday = (int)d;
}

/* Fills tm from t; fails with EOVERFLOW when the year does not fit an int. */
static struct tm *breakdown(time_t t, struct tm *tm, const char *zone)
{
    /* Split without multiplying back, which could overflow near the ends
     * of the time_t range. */
    i64 days = t / SECONDS_PER_DAY;
    int secs = (int)(t % SECONDS_PER_DAY);
    if (secs < 0) {
        secs += SECONDS_PER_DAY;
        days--;
    }
    i64 year;
    int yday;
    split_days(days, &year, &yday);
    if (year - 1900 > __INT_MAX__ || year - 1900 < -__INT_MAX__ - 1) {
        *__errno_location() = EOVERFLOW;
        return NULL;
    }

    int leap = is_leap(year);
    int mon = 11;
    while (yday < days_before_month[mon] + (leap && mon >= 2))
        mon--;

    tm->tm_year = (int)(year - 1900);
    tm->tm_yday = yday;
    tm->tm_mon = mon;
    tm->tm_mday = yday - days_before_month[mon] - (leap && mon >= 2) + 1;
    tm->tm_wday = (int)(days - floor_div(days + 4, 7) * 7 + 4);
    tm->tm_hour = secs / 3600;
    tm->tm_min = secs / 60 % 60;
    tm->tm_sec = secs % 60;
    tm->tm_isdst = 0;
    tm->tm_gmtoff = 0;
    tm->tm_zone = zone;
    return tm;
}

/* glibc names the zone of gmtime "GMT" and that of local time "UTC" when TZ
 * is UTC; the same names keep output identical for ported programs. */
struct tm *gmtime_r(const time_t *restrict timer, struct tm *restrict result)
{
    return breakdown(*timer, result, "GMT");
}

struct tm *gmtime(const time_t *timer)
{
    static struct tm result;
    return gmtime_r(timer, &result);
}

struct tm *localtime_r(const time_t *restrict timer,
                       struct tm *restrict result)
{
    return breakdown(*timer, result, "UTC");
}

struct tm *localtime(const time_t *timer)
{
    static struct tm result;
    return localtime_r(timer, &result);
}

/* The time of a broken-down time whose fields may lie outside their usual
 * ranges (the 40th of a month, minute -5...), counted as in C: months carry
 * into years, everything else simply adds up. Every int field fits, so the
 * 64-bit sum cannot overflow. */
static time_t seconds_of(const struct tm *tm)
{
    i64 year = (i64)tm->tm_year + 1900 + floor_div(tm->tm_mon, 12);
    int mon = (int)(tm->tm_mon - floor_div(tm->tm_mon, 12) * 12);
    i64 days = days_to_year(year) + days_before_month[mon] +
               (is_leap(year) && mon >= 2) + (i64)tm->tm_mday - 1;
    return days * SECONDS_PER_DAY + (i64)tm->tm_hour * 3600 +
           (i64)tm->tm_min * 60 + tm->tm_sec;
}

/* Normalizes tm in place and returns its time; -1 with EOVERFLOW when the
 * normalized year no longer fits (tm is then left as it was). */
static time_t normalize(struct tm *tm, const char *zone)
{
    time_t t = seconds_of(tm);
    struct tm fixed;
    if (!breakdown(t, &fixed, zone))
        return -1;
    *tm = fixed;
    return t;
}

time_t timegm(struct tm *tm)
{
    return normalize(tm, "GMT");
}

/* Local time is UTC, so tm_isdst has nothing to select. */
time_t mktime(struct tm *tm)
{
    return normalize(tm, "UTC");
}

/* Differences of huge times can overflow 64 bits; those are done in double,
 * where only the final rounding is lost. */
double difftime(time_t time1, time_t time0)
{
    time_t d;
    if (!__builtin_sub_overflow(time1, time0, &d))
        return (double)d;
    return (double)time1 - (double)time0;
}
