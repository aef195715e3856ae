/* The path of pseudo-terminal slave N, for ptsname. Written out by hand:
 * it is the only formatting ptsname needs, and a short buffer must leave
 * the caller's memory alone rather than hold a truncated name. */
#include <errno.h>
#include <string.h>

#include "../internal/pts_path.h"

int __libc_pts_path(unsigned n, char *buf, size_t size)
{
    static const char dir[] = "/dev/pts/";
    char digits[10];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    size_t dl = sizeof(dir) - 1;
    if (!buf || size < dl + nd + 1)
        return ERANGE;
    memcpy(buf, dir, dl);
    for (size_t i = 0; i < nd; i++)
        buf[dl + i] = digits[nd - 1 - i];
    buf[dl + nd] = '\0';
    return 0;
}
