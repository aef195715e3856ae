/* Searching strings for characters, sets of characters and substrings. */
#include <stdbool.h>
#include <string.h>

char *strchr(const char *s, int c)
{
    char want = (char)c;
    for (;; s++) {
        if (*s == want)
            return (char *)s;
        if (!*s)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    char want = (char)c;
    const char *last = NULL;
    for (;; s++) {
        if (*s == want)
            last = s;
        if (!*s)
            return (char *)last;
    }
}

/* Plain quadratic search: the strings searched in a kernel and in small
 * utilities are short, and simplicity wins over Two-Way's guarantees. */
char *strstr(const char *haystack, const char *needle)
{
    size_t nlen = strlen(needle);
    if (!nlen)
        return (char *)haystack;
    for (; (haystack = strchr(haystack, needle[0])); haystack++) {
        if (!strncmp(haystack, needle, nlen))
            return (char *)haystack;
    }
    return NULL;
}

/* A 256-bit membership map makes the set functions linear in both inputs. */
struct byteset {
    unsigned char bits[32];
};

static void byteset_build(struct byteset *set, const char *chars)
{
    memset(set, 0, sizeof(*set));
    for (const unsigned char *p = (const unsigned char *)chars; *p; p++)
        set->bits[*p >> 3] |= (unsigned char)(1u << (*p & 7));
}

static bool byteset_has(const struct byteset *set, unsigned char c)
{
    return set->bits[c >> 3] & (1u << (c & 7));
}

/* Length of the prefix of s whose bytes are (in_set) or are not in chars. The
 * terminator is never in the set, so it always stops the scan. */
static size_t span(const char *s, const char *chars, bool in_set)
{
    struct byteset set;
    byteset_build(&set, chars);
    const unsigned char *p = (const unsigned char *)s;
    while (*p && byteset_has(&set, *p) == in_set)
        p++;
    return (size_t)(p - (const unsigned char *)s);
}

size_t strspn(const char *s, const char *accept)
{
    return span(s, accept, true);
}

size_t strcspn(const char *s, const char *reject)
{
    return span(s, reject, false);
}

char *strpbrk(const char *s, const char *accept)
{
    s += strcspn(s, accept);
    return *s ? (char *)s : NULL;
}
