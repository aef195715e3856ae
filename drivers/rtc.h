/* The CMOS real-time clock, read once at boot for the wall-clock time. */
#ifndef DRIVERS_RTC_H
#define DRIVERS_RTC_H
#include <stdint.h>
/* Seconds since 1970-01-01 UTC, as the RTC says now (it is assumed to run on UTC). */
int64_t rtc_read_epoch(void);
#endif
