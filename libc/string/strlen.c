/* String length. Deliberately byte-at-a-time: a word-at-a-time scan would read
 * past the terminator, which the sanitizers in the host tests (rightly) reject
 * and which could fault on the last mapped byte of a user page. */
#include <string.h>

size_t strlen(const char *s)
{
    const char *p = s;
    while (*p)
        p++;
    return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
    size_t n = 0;
    while (n < maxlen && s[n])
        n++;
    return n;
}
