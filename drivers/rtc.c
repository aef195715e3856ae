/* CMOS RTC registers (the MC146818 layout every PC keeps). */
#include "drivers/rtc.h"
#include "arch/x86/io.h"
#include <stdbool.h>

#define CMOS_INDEX      0x70
#define CMOS_DATA       0x71
#define REG_SECONDS     0x00
#define REG_MINUTES     0x02
#define REG_HOURS       0x04
#define REG_DAY         0x07
#define REG_MONTH       0x08
#define REG_YEAR        0x09
#define REG_STATUS_A    0x0A
#define REG_STATUS_B    0x0B
#define REG_CENTURY     0x32
#define STATUS_A_UPDATING 0x80
#define STATUS_B_BINARY 0x04
#define STATUS_B_24H    0x02

static uint8_t cmos_read(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

struct rtc_fields {
    uint8_t sec, min, hour, day, month, year, century;
};

static void rtc_read_fields(struct rtc_fields *f)
{
    /* Bounded: a missing RTC must not hang the boot. */
    for (int i = 0; i < 100000 && (cmos_read(REG_STATUS_A) & STATUS_A_UPDATING); i++)
        ;
    f->sec = cmos_read(REG_SECONDS);
    f->min = cmos_read(REG_MINUTES);
    f->hour = cmos_read(REG_HOURS);
    f->day = cmos_read(REG_DAY);
    f->month = cmos_read(REG_MONTH);
    f->year = cmos_read(REG_YEAR);
    f->century = cmos_read(REG_CENTURY);
}

static uint8_t bcd(uint8_t v) { return (uint8_t)((v & 0x0F) + (v >> 4) * 10); }

/* Days from 1970-01-01 to the given civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int64_t rtc_read_epoch(void)
{
    struct rtc_fields a, b;
    /* Read until two reads agree, so no field changed in between. */
    rtc_read_fields(&a);
    for (int tries = 0; tries < 5; tries++) {
        rtc_read_fields(&b);
        if (a.sec == b.sec && a.min == b.min && a.hour == b.hour && a.day == b.day && a.month == b.month &&
            a.year == b.year)
            break;
        a = b;
    }
    uint8_t status_b = cmos_read(REG_STATUS_B);
    bool pm = !(status_b & STATUS_B_24H) && (b.hour & 0x80);
    b.hour &= 0x7F;
    if (!(status_b & STATUS_B_BINARY)) {
        b.sec = bcd(b.sec), b.min = bcd(b.min), b.hour = bcd(b.hour);
        b.day = bcd(b.day), b.month = bcd(b.month), b.year = bcd(b.year), b.century = bcd(b.century);
    }
    if (!(status_b & STATUS_B_24H))
        b.hour = (uint8_t)(b.hour % 12 + (pm ? 12 : 0));
    int64_t year = (b.century >= 19 && b.century <= 30) ? b.century * 100 + b.year : 2000 + b.year;
    if (b.month < 1 || b.month > 12 || b.day < 1 || b.day > 31)
        return 0;
    return days_from_civil(year, b.month, b.day) * 86400 + b.hour * 3600 + b.min * 60 + b.sec;
}
