/* Integer absolute value and division. C99 fixed division to truncate toward
 * zero, which is exactly what the / and % operators do, so div() and friends
 * only package both results together. abs(INT_MIN) is undefined by the
 * standard and is left to the operator's behaviour. */
#include <stdlib.h>

int abs(int j)
{
    return j < 0 ? -j : j;
}

long labs(long j)
{
    return j < 0 ? -j : j;
}

long long llabs(long long j)
{
    return j < 0 ? -j : j;
}

div_t div(int numer, int denom)
{
    div_t r = { numer / denom, numer % denom };
    return r;
}

ldiv_t ldiv(long numer, long denom)
{
    ldiv_t r = { numer / denom, numer % denom };
    return r;
}

lldiv_t lldiv(long long numer, long long denom)
{
    lldiv_t r = { numer / denom, numer % denom };
    return r;
}
