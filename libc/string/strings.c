/* <strings.h>: ASCII case-insensitive comparison and the BSD memory helpers. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

int strcasecmp(const char *a, const char *b)
{
    return strncasecmp(a, b, (size_t)-1);
}

/* Compares the lowercased bytes, so the sign of a mismatch between a letter
 * and e.g. '_' is the same as glibc's. */
int strncasecmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;
    for (; n; n--, p++, q++) {
        int x = tolower(*p), y = tolower(*q);
        if (x != y || !x)
            return x - y;
    }
    return 0;
}

void bzero(void *s, size_t n)
{
    memset(s, 0, n);
}

void bcopy(const void *src, void *dst, size_t n)
{
    memmove(dst, src, n);
}

int bcmp(const void *a, const void *b, size_t n)
{
    return memcmp(a, b, n);
}

int ffs(int i)
{
    unsigned v = (unsigned)i;
    if (!v)
        return 0;
    int bit = 1;
    while (!(v & 1)) {
        v >>= 1;
        bit++;
    }
    return bit;
}
