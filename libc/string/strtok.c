/* Splitting strings into tokens. */
#include <string.h>

char *strtok_r(char *restrict s, const char *restrict delim,
               char **restrict saveptr)
{
    if (!s)
        s = *saveptr;
    s += strspn(s, delim);
    if (!*s) {
        /* Park on the terminator so that further calls keep returning NULL. */
        *saveptr = s;
        return NULL;
    }
    char *end = s + strcspn(s, delim);
    if (*end)
        *end++ = '\0';
    *saveptr = end;
    return s;
}

char *strtok(char *restrict s, const char *restrict delim)
{
    static char *strtok_state;
    return strtok_r(s, delim, &strtok_state);
}

/* Unlike strtok, empty fields between adjacent delimiters are returned. */
char *strsep(char **restrict sp, const char *restrict delim)
{
    char *tok = *sp;
    if (!tok)
        return NULL;
    char *end = tok + strcspn(tok, delim);
    if (*end) {
        *end = '\0';
        *sp = end + 1;
    } else {
        *sp = NULL;
    }
    return tok;
}
