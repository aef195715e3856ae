/* tail: the last lines of a file (-n count, default 10; -n +k starts at
 * line k). The whole input is read and the last lines kept in a ring. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
    fprintf(stderr, "usage: tail [-n [+]lines] [file...]\n");
    exit(2);
}

static void tail_from(FILE *f, long start)
{
    long line = 1;
    int c;
    while ((c = getc(f)) != EOF) {
        if (line >= start)
            putchar(c);
        if (c == '\n')
            line++;
    }
}

static int tail_last(FILE *f, long count, const char *name)
{
    if (count == 0)
        return 0;
    char **ring = calloc((size_t)count, sizeof(char *));
    if (!ring) {
        fprintf(stderr, "tail: out of memory\n");
        return 1;
    }
    long n = 0;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        free(ring[n % count]);
        ring[n % count] = line;
        line = NULL;
        cap = 0;
        n++;
    }
    free(line);
    int st = 0;
    if (ferror(f)) {
        fprintf(stderr, "tail: %s: read error\n", name);
        st = 1;
    }
    long first = n > count ? n - count : 0;
    for (long k = first; k < n; k++)
        fputs(ring[k % count], stdout);
    for (long k = 0; k < count; k++)
        free(ring[k]);
    free(ring);
    return st;
}

int main(int argc, char **argv)
{
    long count = 10;
    bool from_start = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *arg = NULL;
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-n") == 0) {
            if (++i >= argc)
                usage();
            arg = argv[i];
        } else if (strncmp(argv[i], "-n", 2) == 0) {
            arg = argv[i] + 2;
        } else if (argv[i][1] >= '0' && argv[i][1] <= '9') {
            arg = argv[i] + 1;
        } else {
            fprintf(stderr, "tail: unknown option %s\n", argv[i]);
            usage();
        }
        from_start = arg[0] == '+';
        if (arg[0] == '+' || arg[0] == '-')
            arg++;
        char *end;
        errno = 0;
        count = strtol(arg, &end, 10);
        if (!*arg || *end || count < 0 || errno) {
            fprintf(stderr, "tail: invalid number of lines: '%s'\n", argv[i]);
            return 1;
        }
    }
    int st = 0;
    int nfiles = argc - i;
    for (int k = i; k < argc || (nfiles == 0 && k == i); k++) {
        const char *name = nfiles ? argv[k] : "-";
        FILE *f = strcmp(name, "-") == 0 ? stdin : fopen(name, "r");
        if (!f) {
            fprintf(stderr, "tail: %s: %s\n", name, strerror(errno));
            st = 1;
            continue;
        }
        if (nfiles > 1)
            printf("%s==> %s <==\n", k > i ? "\n" : "", name);
        if (from_start)
            tail_from(f, count);
        else
            st |= tail_last(f, count, name);
        if (f != stdin)
            fclose(f);
        if (nfiles == 0)
            break;
    }
    return st;
}
