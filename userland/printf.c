/* printf: formatted output. The format is reused while arguments remain.
 * Conversions: d i o u x X c s b e f g E G %, with flags, width and
 * precision (also *). Escapes: \n \t \\ \a \b \f \r \v \NNN. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int printf_status;
static char **printf_args;
static int printf_nargs;

static const char *next_arg(void)
{
    if (printf_nargs == 0)
        return NULL;
    printf_nargs--;
    return *printf_args++;
}

static long long arg_int(void)
{
    const char *a = next_arg();
    if (!a || !*a)
        return 0;
    if (a[0] == '\'' || a[0] == '"')
        return (unsigned char)a[1];
    char *end;
    errno = 0;
    long long v = strtoll(a, &end, 0);
    if (*end || errno) {
        fprintf(stderr, "printf: '%s': not a number\n", a);
        printf_status = 1;
    }
    return v;
}

static double arg_double(void)
{
    const char *a = next_arg();
    if (!a || !*a)
        return 0;
    char *end;
    double v = strtod(a, &end);
    if (*end) {
        fprintf(stderr, "printf: '%s': not a number\n", a);
        printf_status = 1;
    }
    return v;
}

/* One backslash escape at *p (just past the backslash); returns false on \c. */
static bool put_escape(const char **pp, bool in_b)
{
    const char *p = *pp;
    int c;
    switch (*p) {
    case 'n': c = '\n'; break;
    case 't': c = '\t'; break;
    case '\\': c = '\\'; break;
    case 'a': c = '\a'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'r': c = '\r'; break;
    case 'v': c = '\v'; break;
    case 'e': c = 27; break;
    case '"': c = '"'; break;
    case 'c':
        if (in_b)
            return false;
        c = 'c';
        putchar('\\');
        break;
    default:
        if (*p >= '0' && *p <= '7') {
            int v = 0, k = 0;
            if (in_b && *p == '0')
                p++; /* %b takes \0NNN */
            for (; k < 3 && *p >= '0' && *p <= '7'; k++)
                v = v * 8 + (*p++ - '0');
            putchar(v);
            *pp = p - 1;
            return true;
        }
        putchar('\\');
        c = *p;
        break;
    }
    putchar(c);
    *pp = p;
    return true;
}

/* Runs the format once; returns false when \c asked to stop everything. */
static bool run_format(const char *fmt)
{
    for (const char *p = fmt; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            put_escape(&p, false);
            continue;
        }
        if (*p != '%') {
            putchar(*p);
            continue;
        }
        if (p[1] == '%') {
            putchar('%');
            p++;
            continue;
        }
        char spec[64];
        size_t n = 0;
        spec[n++] = '%';
        p++;
        while (*p && strchr("-+ #0", *p) && n < 40)
            spec[n++] = *p++;
        if (*p == '*') {
            n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%d", (int)arg_int());
            p++;
        } else {
            while (isdigit((unsigned char)*p) && n < 50)
                spec[n++] = *p++;
        }
        if (*p == '.') {
            spec[n++] = *p++;
            if (*p == '*') {
                n += (size_t)snprintf(spec + n, sizeof(spec) - n, "%d", (int)arg_int());
                p++;
            } else {
                while (isdigit((unsigned char)*p) && n < 60)
                    spec[n++] = *p++;
            }
        }
        char conv = *p;
        if (!conv) {
            fprintf(stderr, "printf: missing conversion character\n");
            printf_status = 1;
            return false;
        }
        switch (conv) {
        case 'd':
        case 'i':
            spec[n++] = 'l';
            spec[n++] = 'l';
            spec[n++] = 'd';
            spec[n] = 0;
            printf(spec, arg_int());
            break;
        case 'o':
        case 'u':
        case 'x':
        case 'X':
            spec[n++] = 'l';
            spec[n++] = 'l';
            spec[n++] = conv;
            spec[n] = 0;
            printf(spec, (unsigned long long)arg_int());
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G':
            spec[n++] = conv;
            spec[n] = 0;
            printf(spec, arg_double());
            break;
        case 'c': {
            const char *a = next_arg();
            spec[n++] = 'c';
            spec[n] = 0;
            printf(spec, a && *a ? a[0] : 0);
            break;
        }
        case 's': {
            const char *a = next_arg();
            spec[n++] = 's';
            spec[n] = 0;
            printf(spec, a ? a : "");
            break;
        }
        case 'b': {
            const char *a = next_arg();
            for (const char *q = a ? a : ""; *q; q++) {
                if (*q == '\\' && q[1]) {
                    q++;
                    if (!put_escape(&q, true))
                        return false;
                } else {
                    putchar(*q);
                }
            }
            break;
        }
        default:
            fprintf(stderr, "printf: %%%c: invalid conversion\n", conv);
            printf_status = 1;
            return false;
        }
    }
    return true;
}

static bool format_consumes(const char *fmt)
{
    for (const char *p = fmt; *p; p++)
        if (*p == '%') {
            if (p[1] == '%')
                p++;
            else
                return true;
        }
    return false;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: printf format [argument...]\n");
        return 2;
    }
    const char *fmt = argv[1];
    printf_args = argv + 2;
    printf_nargs = argc - 2;
    do {
        if (!run_format(fmt))
            break;
    } while (printf_nargs > 0 && format_consumes(fmt));
    if (fflush(stdout) != 0)
        return 1;
    return printf_status;
}
