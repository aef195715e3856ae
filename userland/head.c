/* head: the first lines of files (-n count, default 10; also -count). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
    fprintf(stderr, "usage: head [-n lines] [file...]\n");
    exit(2);
}

static long parse_count(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || errno) {
        fprintf(stderr, "head: invalid number of lines: '%s'\n", s);
        exit(1);
    }
    return v;
}

static void head_stream(FILE *f, long count)
{
    int c;
    while (count > 0 && (c = getc(f)) != EOF) {
        putchar(c);
        if (c == '\n')
            count--;
    }
}

int main(int argc, char **argv)
{
    long count = 10;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (strcmp(argv[i], "-n") == 0) {
            if (++i >= argc)
                usage();
            count = parse_count(argv[i]);
        } else if (strncmp(argv[i], "-n", 2) == 0) {
            count = parse_count(argv[i] + 2);
        } else if (argv[i][1] >= '0' && argv[i][1] <= '9') {
            count = parse_count(argv[i] + 1);
        } else {
            fprintf(stderr, "head: unknown option %s\n", argv[i]);
            usage();
        }
    }
    if (i >= argc) {
        head_stream(stdin, count);
        return 0;
    }
    int st = 0;
    int nfiles = argc - i;
    for (int k = i; k < argc; k++) {
        FILE *f = strcmp(argv[k], "-") == 0 ? stdin : fopen(argv[k], "r");
        if (!f) {
            fprintf(stderr, "head: %s: %s\n", argv[k], strerror(errno));
            st = 1;
            continue;
        }
        if (nfiles > 1)
            printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
        head_stream(f, count);
        if (f != stdin)
            fclose(f);
    }
    return st;
}
