/* strftime for the "C" locale. Where C leaves details open (out-of-range
 * fields, years outside 0-9999, unknown conversions) the output follows
 * glibc's so that the host tests can compare byte for byte: years are not
 * zero-padded, negative numbers keep their sign inside the field width, a
 * name for an out-of-range field is "?", and an unknown conversion is copied
 * as written. The E and O modifiers select nothing in this locale and are
 * skipped. */
#include <stdbool.h>
#include <time.h>

#include "time_names.h"

typedef long long i64;

const char *const __time_day_names[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday",
};

const char *const __time_month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* Output that remembers overflow instead of stopping, so a conversion can be
 * emitted piecewise without checks at every step. */
struct out {
    char *buf;
    size_t size; /* room, terminator included */
    size_t len;
    bool overflow;
};

static void put_char(struct out *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len++] = c;
    else
        o->overflow = true;
}

static void put_string(struct out *o, const char *s)
{
    while (*s)
        put_char(o, *s++);
}

/* Prints v in at least width characters, padding with pad ('0' or ' ');
 * a minus sign counts towards the width and zeros go after it. */
static void put_number(struct out *o, i64 v, int width, char pad)
{
    char digits[24];
    int n = 0;
    bool negative = v < 0;
    unsigned long long u = negative ? 0 - (unsigned long long)v
                                    : (unsigned long long)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);

    int fill = width - n - negative;
    if (pad == ' ')
        for (; fill > 0; fill--)
            put_char(o, ' ');
    if (negative)
        put_char(o, '-');
    for (; fill > 0; fill--)
        put_char(o, '0');
    while (n)
        put_char(o, digits[--n]);
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

static const char *day_name(int wday)
{
    return wday >= 0 && wday < 7 ? __time_day_names[wday] : "?";
}

static const char *month_name(int mon)
{
    return mon >= 0 && mon < 12 ? __time_month_names[mon] : "?";
}

/* The first three letters of a name, or "?" as it is. */
static void put_abbreviation(struct out *o, const char *name)
{
    for (int i = 0; i < 3 && name[i]; i++)
        put_char(o, name[i]);
}

/* ISO 8601 week numbering: weeks start on Monday and week 1 is the one with
 * the year's first Thursday, so a date's ISO year is that of the Thursday of
 * its week. */
static void iso_week(const struct tm *tm, i64 *iso_year, int *week)
{
    i64 year = (i64)tm->tm_year + 1900;
    int days_since_monday = (tm->tm_wday + 6) % 7;
    i64 thursday = (i64)tm->tm_yday - days_since_monday + 3;
    if (thursday < 0) {
        year--;
        thursday += is_leap(year) ? 366 : 365;
    } else if (thursday >= (is_leap(year) ? 366 : 365)) {
        thursday -= is_leap(year) ? 366 : 365;
        year++;
    }
    *iso_year = year;
    *week = (int)(thursday / 7 + 1);
}

static void format(struct out *o, const char *f, const struct tm *tm);

/* Emits one conversion; returns false for an unknown one. */
static bool convert(struct out *o, char c, const struct tm *tm)
{
    i64 year = (i64)tm->tm_year + 1900;
    i64 iso_year;
    int week;

    switch (c) {
    case 'a':
        put_abbreviation(o, day_name(tm->tm_wday));
        break;
    case 'A':
        put_string(o, day_name(tm->tm_wday));
        break;
    case 'b':
    case 'h':
        put_abbreviation(o, month_name(tm->tm_mon));
        break;
    case 'B':
        put_string(o, month_name(tm->tm_mon));
        break;
    case 'c':
        format(o, "%a %b %e %H:%M:%S %Y", tm);
        break;
    case 'C':
        put_number(o, floor_div(year, 100), 1, '0');
        break;
    case 'd':
        put_number(o, tm->tm_mday, 2, '0');
        break;
    case 'D':
    case 'x':
        format(o, "%m/%d/%y", tm);
        break;
    case 'e':
        put_number(o, tm->tm_mday, 2, ' ');
        break;
    case 'F':
        format(o, "%Y-%m-%d", tm);
        break;
    case 'g':
        iso_week(tm, &iso_year, &week);
        put_number(o, iso_year - floor_div(iso_year, 100) * 100, 2, '0');
        break;
    case 'G':
        iso_week(tm, &iso_year, &week);
        put_number(o, iso_year, 1, '0');
        break;
    case 'H':
        put_number(o, tm->tm_hour, 2, '0');
        break;
    case 'I':
        put_number(o, tm->tm_hour % 12 ? tm->tm_hour % 12 : 12, 2, '0');
        break;
    case 'j':
        put_number(o, (i64)tm->tm_yday + 1, 3, '0');
        break;
    case 'm':
        put_number(o, (i64)tm->tm_mon + 1, 2, '0');
        break;
    case 'M':
        put_number(o, tm->tm_min, 2, '0');
        break;
    case 'n':
        put_char(o, '\n');
        break;
    case 'p':
        put_string(o, tm->tm_hour > 11 ? "PM" : "AM");
        break;
    case 'r':
        format(o, "%I:%M:%S %p", tm);
        break;
    case 'R':
        format(o, "%H:%M", tm);
        break;
    case 's': {
        /* Seconds since the epoch of the (possibly unnormalized) fields. */
        struct tm copy = *tm;
        put_number(o, timegm(&copy), 1, '0');
        break;
    }
    case 'S':
        put_number(o, tm->tm_sec, 2, '0');
        break;
    case 't':
        put_char(o, '\t');
        break;
    case 'T':
    case 'X':
        format(o, "%H:%M:%S", tm);
        break;
    case 'u':
        put_number(o, (tm->tm_wday + 6) % 7 + 1, 1, '0');
        break;
    case 'U':
        put_number(o, ((i64)tm->tm_yday - tm->tm_wday + 7) / 7, 2, '0');
        break;
    case 'V':
        iso_week(tm, &iso_year, &week);
        put_number(o, week, 2, '0');
        break;
    case 'w':
        put_number(o, tm->tm_wday, 1, '0');
        break;
    case 'W':
        put_number(o, ((i64)tm->tm_yday - (tm->tm_wday + 6) % 7 + 7) / 7, 2,
                   '0');
        break;
    case 'y':
        put_number(o, year - floor_div(year, 100) * 100, 2, '0');
        break;
    case 'Y':
        put_number(o, year, 1, '0');
        break;
    case 'z': {
        long off = tm->tm_gmtoff;
        put_char(o, off < 0 ? '-' : '+');
        if (off < 0)
            off = -off;
        put_number(o, off / 3600 * 100 + off / 60 % 60, 4, '0');
        break;
    }
    case 'Z':
        /* UTC is the only zone, so a missing name can only mean it. */
        put_string(o, tm->tm_zone ? tm->tm_zone : "UTC");
        break;
    case '%':
        put_char(o, '%');
        break;
    default:
        return false;
    }
    return true;
}

static void format(struct out *o, const char *f, const struct tm *tm)
{
    while (*f) {
        if (*f != '%') {
            put_char(o, *f++);
            continue;
        }
        const char *start = f++;
        if (*f == 'E' || *f == 'O')
            f++;
        if (*f && convert(o, *f, tm)) {
            f++;
            continue;
        }
        /* Unknown or cut short: the text is copied as it stands. */
        while (start < f)
            put_char(o, *start++);
        if (*f)
            put_char(o, *f++);
    }
}

size_t strftime(char *restrict s, size_t maxsize, const char *restrict fmt,
                const struct tm *restrict tm)
{
    struct out o = { s, maxsize, 0, false };
    format(&o, fmt, tm);
    if (o.overflow || maxsize == 0)
        return 0;
    s[o.len] = '\0';
    return o.len;
}
