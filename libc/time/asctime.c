/* asctime and ctime: the fixed 26-byte layout "Sun Sep 16 01:03:52 1973\n".
 * A time whose text would not fit (years past 9999, wild fields) fails with
 * EOVERFLOW rather than overrunning the caller's buffer; names of
 * out-of-range days and months print as "???", as in glibc. */
#include <stdbool.h>
#include <time.h>

#include <bits/errno_location.h>
#include <bits/errno_values.h>

#include "time_names.h"

#define ASCTIME_SIZE 26

/* Appends v like printf's "%*.*d": at least digits digits (zeros after any
 * sign), then spaces in front up to width characters. */
static void append_int(char *buf, int *len, long long v, int width,
                       int digits)
{
    char text[24];
    int n = 0;
    bool negative = v < 0;
    unsigned long long u = negative ? 0 - (unsigned long long)v
                                    : (unsigned long long)v;
    do {
        text[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (n < digits)
        text[n++] = '0';
    if (negative)
        text[n++] = '-';
    for (int pad = width - n; pad > 0; pad--)
        buf[(*len)++] = ' ';
    while (n)
        buf[(*len)++] = text[--n];
}

/* The first three letters of a name, or "???" for an out-of-range field. */
static void append_name(char *buf, int *len, const char *const *names,
                        int count, int index)
{
    const char *name = index >= 0 && index < count ? names[index] : "???";
    for (int i = 0; i < 3; i++)
        buf[(*len)++] = name[i];
}

char *asctime_r(const struct tm *restrict tm, char *restrict buf)
{
    /* Built in a buffer big enough for any int fields, then copied. */
    char text[80];
    int len = 0;
    append_name(text, &len, __time_day_names, 7, tm->tm_wday);
    text[len++] = ' ';
    append_name(text, &len, __time_month_names, 12, tm->tm_mon);
    append_int(text, &len, tm->tm_mday, 3, 1);
    text[len++] = ' ';
    append_int(text, &len, tm->tm_hour, 0, 2);
    text[len++] = ':';
    append_int(text, &len, tm->tm_min, 0, 2);
    text[len++] = ':';
    append_int(text, &len, tm->tm_sec, 0, 2);
    text[len++] = ' ';
    append_int(text, &len, (long long)tm->tm_year + 1900, 0, 1);
    text[len++] = '\n';
    if (len >= ASCTIME_SIZE) {
        *__errno_location() = EOVERFLOW;
        return NULL;
    }
    for (int i = 0; i < len; i++)
        buf[i] = text[i];
    buf[len] = '\0';
    return buf;
}

char *asctime(const struct tm *tm)
{
    static char buf[ASCTIME_SIZE];
    return asctime_r(tm, buf);
}

char *ctime_r(const time_t *timer, char *buf)
{
    struct tm tm;
    if (!localtime_r(timer, &tm))
        return NULL;
    return asctime_r(&tm, buf);
}

char *ctime(const time_t *timer)
{
    static char buf[ASCTIME_SIZE];
    return ctime_r(timer, buf);
}
