/* memcmp and memchr: examine memory without modifying it. Bytes compare as
 * unsigned char, as the standard requires. */
#include <string.h>

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *p = a, *q = b;
    for (; n; n--, p++, q++) {
        if (*p != *q)
            return *p - *q;
    }
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;
    unsigned char want = (unsigned char)c;
    for (; n; n--, p++) {
        if (*p == want)
            return (void *)p;
    }
    return NULL;
}
