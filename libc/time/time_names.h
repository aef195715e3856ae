/* Private to libc/time: the "C" locale's day and month names. */
#ifndef LIBC_TIME_NAMES_H
#define LIBC_TIME_NAMES_H

extern const char *const __time_day_names[7];
extern const char *const __time_month_names[12];

#endif
