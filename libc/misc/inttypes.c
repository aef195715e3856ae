/* <inttypes.h> arithmetic. (strtoimax and strtoumax live with the other
 * number parsers in libc/stdlib/strtol.c.) */
#include <inttypes.h>

intmax_t imaxabs(intmax_t j)
{
    return j < 0 ? -j : j;
}

imaxdiv_t imaxdiv(intmax_t numer, intmax_t denom)
{
    imaxdiv_t r = { numer / denom, numer % denom };
    return r;
}
