/* uniq: collapse adjacent equal lines (-c counts, -d only repeated, -u only
 * unique, -i ignores case). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static bool opt_count, opt_repeated, opt_unique, opt_icase;

static void uniq_emit(FILE *out, const char *line, long count)
{
    if (!line)
        return;
    if (opt_repeated && count < 2)
        return;
    if (opt_unique && count > 1)
        return;
    if (opt_count)
        fprintf(out, "%7ld %s", count, line);
    else
        fputs(line, out);
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "cdui")) != -1) {
        switch (c) {
        case 'c': opt_count = true; break;
        case 'd': opt_repeated = true; break;
        case 'u': opt_unique = true; break;
        case 'i': opt_icase = true; break;
        default:
            fprintf(stderr, "usage: uniq [-cdui] [input [output]]\n");
            return 2;
        }
    }
    FILE *in = stdin, *out = stdout;
    if (optind < argc && strcmp(argv[optind], "-") != 0) {
        in = fopen(argv[optind], "r");
        if (!in) {
            fprintf(stderr, "uniq: %s: %s\n", argv[optind], strerror(errno));
            return 1;
        }
    }
    if (optind + 1 < argc) {
        out = fopen(argv[optind + 1], "w");
        if (!out) {
            fprintf(stderr, "uniq: %s: %s\n", argv[optind + 1], strerror(errno));
            return 1;
        }
    }
    char *prev = NULL, *line = NULL;
    size_t cap = 0;
    long count = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, in)) >= 0) {
        if (len == 0 || line[len - 1] != '\n') {
            /* a last line without newline compares like one with it */
            char *l = realloc(line, (size_t)len + 2);
            if (!l)
                return 1;
            line = l;
            line[len] = '\n';
            line[len + 1] = 0;
            cap = (size_t)len + 2;
        }
        bool same = prev && (opt_icase ? strcasecmp(prev, line) == 0 : strcmp(prev, line) == 0);
        if (same) {
            count++;
            continue;
        }
        uniq_emit(out, prev, count);
        free(prev);
        prev = line;
        line = NULL;
        cap = 0;
        count = 1;
    }
    uniq_emit(out, prev, count);
    free(prev);
    free(line);
    if (fflush(out) != 0)
        return 1;
    return ferror(in) ? 1 : 0;
}
