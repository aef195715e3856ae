/* echo: print the arguments. -n leaves out the newline, -e interprets
 * backslash escapes. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static bool echo_escape(const char **pp, int *out)
{
    const char *p = *pp;
    switch (*p) {
    case 'n': *out = '\n'; break;
    case 't': *out = '\t'; break;
    case 'r': *out = '\r'; break;
    case 'a': *out = '\a'; break;
    case 'b': *out = '\b'; break;
    case 'f': *out = '\f'; break;
    case 'v': *out = '\v'; break;
    case 'e': *out = 27; break;
    case '\\': *out = '\\'; break;
    case 'c': return false;
    case '0': {
        int v = 0;
        for (int k = 0; k < 3 && p[1] >= '0' && p[1] <= '7'; k++)
            v = v * 8 + (*++p - '0');
        *out = v;
        break;
    }
    default:
        putchar('\\');
        *out = *p;
        break;
    }
    *pp = p;
    return true;
}

int main(int argc, char **argv)
{
    bool newline = true, escapes = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *f = argv[i] + 1;
        if (strspn(f, "neE") != strlen(f))
            break;
        for (; *f; f++)
            if (*f == 'n')
                newline = false;
            else
                escapes = *f == 'e';
    }
    for (; i < argc; i++) {
        for (const char *p = argv[i]; *p; p++) {
            int c = *p;
            if (escapes && c == '\\' && p[1]) {
                p++;
                if (!echo_escape(&p, &c))
                    goto out;
            }
            putchar(c);
        }
        if (i + 1 < argc)
            putchar(' ');
    }
    if (newline)
        putchar('\n');
out:
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
