/* String to integer conversion: strtol and its siblings. All of them share
 * one parser that works on the magnitude as an unsigned long long; each entry
 * point only supplies the range its result type can represent. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>

#include <bits/errno_location.h>
#include <bits/errno_values.h>

#include "fixed_types.h"

/* Value of c as a digit in any base up to 36, or 36 when it is not one, so a
 * single comparison against the base rejects it. */
static unsigned digit_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 36;
}

struct parsed_int {
    unsigned long long magnitude;
    bool negative;
    bool out_of_range;
};

/* Parses nptr as described for strtol. The magnitude may not exceed
 * max_positive (or max_negative after a minus sign); beyond that the result is
 * clamped and flagged, but digits are still consumed so that *endptr lands
 * after the whole number, as the standard requires. */
static struct parsed_int parse_int(const char *nptr, char **endptr, int base,
                                   unsigned long long max_positive,
                                   unsigned long long max_negative)
{
    struct parsed_int r = { 0, false, false };
    const unsigned char *s = (const unsigned char *)nptr;

    if (base < 0 || base == 1 || base > 36) {
        *__errno_location() = EINVAL;
        if (endptr)
            *endptr = (char *)nptr;
        return r;
    }

    while (isspace(*s))
        s++;
    if (*s == '-' || *s == '+')
        r.negative = *s++ == '-';

    /* "0x" is a prefix only when a hex digit follows; otherwise the subject
     * sequence is just the "0" and parsing stops at the 'x'. */
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] | 0x20) == 'x' &&
        digit_value(s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = *s == '0' ? 8 : 10;
    }

    unsigned long long limit = r.negative ? max_negative : max_positive;
    const unsigned char *digits = s;
    unsigned d;
    while ((d = digit_value(*s)) < (unsigned)base) {
        if (!r.out_of_range) {
            if (r.magnitude > (limit - d) / (unsigned)base)
                r.out_of_range = true;
            else
                r.magnitude = r.magnitude * (unsigned)base + d;
        }
        s++;
    }

    if (s == digits) {
        /* No digits at all: nothing was converted, not even the sign. */
        r.negative = false;
        if (endptr)
            *endptr = (char *)nptr;
        return r;
    }
    if (endptr)
        *endptr = (char *)s;
    if (r.out_of_range) {
        r.magnitude = limit;
        *__errno_location() = ERANGE;
    }
    return r;
}

/* Signed results: the negative side holds one more value than the positive
 * one, hence the separate limit. Negating through unsigned arithmetic keeps
 * the most negative value well defined. */
static long long signed_result(struct parsed_int r)
{
    if (!r.negative)
        return (long long)r.magnitude;
    if (r.magnitude == 0)
        return 0;
    return -(long long)(r.magnitude - 1) - 1;
}

/* Unsigned results: a minus sign negates in the unsigned type, but a
 * magnitude that overflowed stays at the maximum rather than wrapping. */
static unsigned long long unsigned_result(struct parsed_int r)
{
    if (r.out_of_range || !r.negative)
        return r.magnitude;
    return -r.magnitude;
}

long strtol(const char *restrict nptr, char **restrict endptr, int base)
{
    struct parsed_int r =
        parse_int(nptr, endptr, base, STDLIB_LONG_MAX,
                  (unsigned long long)STDLIB_LONG_MAX + 1);
    return (long)signed_result(r);
}

long long strtoll(const char *restrict nptr, char **restrict endptr, int base)
{
    struct parsed_int r =
        parse_int(nptr, endptr, base, STDLIB_LLONG_MAX,
                  (unsigned long long)STDLIB_LLONG_MAX + 1);
    return signed_result(r);
}

unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
                      int base)
{
    struct parsed_int r =
        parse_int(nptr, endptr, base, STDLIB_ULONG_MAX, STDLIB_ULONG_MAX);
    return (unsigned long)unsigned_result(r);
}

unsigned long long strtoull(const char *restrict nptr, char **restrict endptr,
                            int base)
{
    struct parsed_int r =
        parse_int(nptr, endptr, base, STDLIB_ULLONG_MAX, STDLIB_ULLONG_MAX);
    return unsigned_result(r);
}

/* These belong to <inttypes.h>; they are defined here because they are the
 * same parser, and declared locally until that header exists. */
intmax_t strtoimax(const char *restrict nptr, char **restrict endptr,
                   int base);
uintmax_t strtoumax(const char *restrict nptr, char **restrict endptr,
                    int base);

intmax_t strtoimax(const char *restrict nptr, char **restrict endptr, int base)
{
    struct parsed_int r = parse_int(nptr, endptr, base, STDLIB_INTMAX_MAX,
                                    (uintmax_t)STDLIB_INTMAX_MAX + 1);
    return (intmax_t)signed_result(r);
}

uintmax_t strtoumax(const char *restrict nptr, char **restrict endptr,
                    int base)
{
    struct parsed_int r =
        parse_int(nptr, endptr, base, STDLIB_UINTMAX_MAX, STDLIB_UINTMAX_MAX);
    return (uintmax_t)unsigned_result(r);
}

/* The ato* functions are specified as the strto* call with base 10; errno may
 * be changed on overflow, which the standard leaves undefined anyway. */
int atoi(const char *nptr)
{
    return (int)strtol(nptr, NULL, 10);
}

long atol(const char *nptr)
{
    return strtol(nptr, NULL, 10);
}

long long atoll(const char *nptr)
{
    return strtoll(nptr, NULL, 10);
}
