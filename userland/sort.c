/* sort: sort lines (-r reverse, -n numeric, -u unique, -f fold case). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool opt_reverse, opt_numeric, opt_unique, opt_fold;

static char **lines;
static size_t nlines, caplines;

static int read_lines(FILE *f, const char *name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) >= 0) {
        if (len > 0 && line[len - 1] == '\n')
            line[len - 1] = 0;
        if (nlines == caplines) {
            caplines = caplines ? caplines * 2 : 256;
            char **nl = realloc(lines, caplines * sizeof(char *));
            if (!nl) {
                fprintf(stderr, "sort: out of memory\n");
                exit(2);
            }
            lines = nl;
        }
        lines[nlines++] = line;
        line = NULL;
        cap = 0;
    }
    free(line);
    if (ferror(f)) {
        fprintf(stderr, "sort: %s: read error\n", name);
        return 1;
    }
    return 0;
}

/* A leading number with optional sign and fraction; text without one
 * counts as zero. */
static double leading_number(const char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    return strtod(s, NULL);
}

static int compare_lines(const void *pa, const void *pb)
{
    const char *a = *(char *const *)pa, *b = *(char *const *)pb;
    int r;
    if (opt_numeric) {
        double x = leading_number(a), y = leading_number(b);
        r = x < y ? -1 : x > y ? 1 : 0;
        if (r == 0 && !opt_unique)
            r = strcmp(a, b);
    } else if (opt_fold) {
        r = strcasecmp(a, b);
    } else {
        r = strcmp(a, b);
    }
    return opt_reverse ? -r : r;
}

static bool same_key(const char *a, const char *b)
{
    if (opt_numeric)
        return leading_number(a) == leading_number(b);
    return opt_fold ? strcasecmp(a, b) == 0 : strcmp(a, b) == 0;
}

int main(int argc, char **argv)
{
    int c;
    const char *output = NULL;
    while ((c = getopt(argc, argv, "rnufo:")) != -1) {
        switch (c) {
        case 'r': opt_reverse = true; break;
        case 'n': opt_numeric = true; break;
        case 'u': opt_unique = true; break;
        case 'f': opt_fold = true; break;
        case 'o': output = optarg; break;
        default:
            fprintf(stderr, "usage: sort [-rnuf] [-o output] [file...]\n");
            return 2;
        }
    }
    int st = 0;
    if (optind >= argc) {
        st |= read_lines(stdin, "standard input");
    } else {
        for (int i = optind; i < argc; i++) {
            FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
            if (!f) {
                fprintf(stderr, "sort: %s: %s\n", argv[i], strerror(errno));
                return 2;
            }
            st |= read_lines(f, argv[i]);
            if (f != stdin)
                fclose(f);
        }
    }
    if (nlines > 1)
        qsort(lines, nlines, sizeof(char *), compare_lines);
    if (output && !freopen(output, "w", stdout)) {
        fprintf(stderr, "sort: %s: %s\n", output, strerror(errno));
        return 2;
    }
    for (size_t i = 0; i < nlines; i++) {
        if (opt_unique && i > 0 && same_key(lines[i - 1], lines[i]))
            continue;
        puts(lines[i]);
    }
    if (fflush(stdout) != 0)
        st = 2;
    return st ? 2 : 0;
}
