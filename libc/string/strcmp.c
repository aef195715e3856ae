/* String comparison in byte order (characters compare as unsigned char),
 * which is also the collation order of the "C" locale, the only one. */
#include <string.h>

int strcmp(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;
    while (*p && *p == *q) {
        p++;
        q++;
    }
    return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
    const unsigned char *p = (const unsigned char *)a;
    const unsigned char *q = (const unsigned char *)b;
    for (; n; n--, p++, q++) {
        if (*p != *q || !*p)
            return *p - *q;
    }
    return 0;
}

int strcoll(const char *a, const char *b)
{
    return strcmp(a, b);
}

/* The identity transformation: strcmp on the result is strcoll on the
 * originals. Like strlcpy, but nothing at all is written when it does not
 * fit, as the standard leaves dst indeterminate then anyway. */
size_t strxfrm(char *restrict dst, const char *restrict src, size_t n)
{
    size_t len = strlen(src);
    if (len < n)
        memcpy(dst, src, len + 1);
    return len;
}
