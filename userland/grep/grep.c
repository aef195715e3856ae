/* grep: print lines that match a pattern.
 *   -F fixed strings   -i ignore case   -v invert   -c count   -n numbers
 *   -l file names only   -q quiet   -h/-H without/with file names
 *   -s no messages about unreadable files   -e pattern (repeatable)
 * Patterns are basic regular expressions (bre.c) unless -F is given.
 * Exit status: 0 if a line was selected, 1 if none, 2 on error. */
#include "bre.h"
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool opt_fixed, opt_icase, opt_invert, opt_count, opt_number, opt_list, opt_quiet, opt_silent;
static int opt_names = -1; /* -1: by the number of files */

static char **patterns;
static int npatterns;
static struct bre **compiled;

static void usage(void)
{
    fprintf(stderr, "usage: grep [-FivcnlqhHs] [-e pattern]... [pattern] [file...]\n");
    exit(2);
}

static bool fixed_match(const char *pat, const char *line, size_t len)
{
    size_t pl = strlen(pat);
    if (pl == 0)
        return true;
    for (size_t i = 0; i + pl <= len; i++) {
        size_t k = 0;
        if (opt_icase)
            while (k < pl && tolower((unsigned char)line[i + k]) == tolower((unsigned char)pat[k]))
                k++;
        else
            while (k < pl && line[i + k] == pat[k])
                k++;
        if (k == pl)
            return true;
    }
    return false;
}

static bool line_matches(const char *line, size_t len)
{
    for (int i = 0; i < npatterns; i++) {
        bool m = opt_fixed ? fixed_match(patterns[i], line, len) : bre_search(compiled[i], line, len);
        if (m)
            return true;
    }
    return false;
}

/* Returns the number of selected lines. */
static long grep_stream(FILE *f, const char *name, bool show_name)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long lineno = 0, count = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t l = (size_t)len;
        if (l > 0 && line[l - 1] == '\n')
            l--;
        if (line_matches(line, l) == opt_invert)
            continue;
        count++;
        if (opt_quiet)
            break;
        if (opt_list) {
            puts(name);
            break;
        }
        if (opt_count)
            continue;
        if (show_name)
            printf("%s:", name);
        if (opt_number)
            printf("%ld:", lineno);
        fwrite(line, 1, l, stdout);
        putchar('\n');
    }
    free(line);
    if (opt_count && !opt_quiet && !opt_list) {
        if (show_name)
            printf("%s:", name);
        printf("%ld\n", count);
    }
    return count;
}

static void add_pattern(char *p)
{
    /* a pattern with newlines is several patterns */
    char *save = NULL;
    bool any = false;
    for (char *part = strtok_r(p, "\n", &save); part; part = strtok_r(NULL, "\n", &save)) {
        patterns = realloc(patterns, sizeof(char *) * (size_t)(npatterns + 1));
        if (!patterns)
            exit(2);
        patterns[npatterns++] = part;
        any = true;
    }
    if (!any) {
        patterns = realloc(patterns, sizeof(char *) * (size_t)(npatterns + 1));
        if (!patterns)
            exit(2);
        patterns[npatterns++] = p;
    }
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "FGivcnlqhHse:")) != -1) {
        switch (c) {
        case 'F': opt_fixed = true; break;
        case 'G': opt_fixed = false; break;
        case 'i': opt_icase = true; break;
        case 'v': opt_invert = true; break;
        case 'c': opt_count = true; break;
        case 'n': opt_number = true; break;
        case 'l': opt_list = true; break;
        case 'q': opt_quiet = true; break;
        case 'h': opt_names = 0; break;
        case 'H': opt_names = 1; break;
        case 's': opt_silent = true; break;
        case 'e': add_pattern(optarg); break;
        default: usage();
        }
    }
    if (npatterns == 0) {
        if (optind >= argc)
            usage();
        add_pattern(argv[optind++]);
    }
    if (!opt_fixed) {
        compiled = calloc((size_t)npatterns, sizeof(*compiled));
        if (!compiled)
            return 2;
        for (int i = 0; i < npatterns; i++) {
            char err[128];
            compiled[i] = bre_compile(patterns[i], opt_icase, err, sizeof(err));
            if (!compiled[i]) {
                fprintf(stderr, "grep: '%s': %s\n", patterns[i], err);
                return 2;
            }
        }
    }
    int nfiles = argc - optind;
    bool show_name = opt_names < 0 ? nfiles > 1 : opt_names == 1;
    long total = 0;
    bool error = false;
    if (nfiles == 0) {
        total = grep_stream(stdin, "(standard input)", show_name);
    } else {
        for (int i = optind; i < argc; i++) {
            FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
            if (!f) {
                if (!opt_silent)
                    fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
                error = true;
                continue;
            }
            total += grep_stream(f, strcmp(argv[i], "-") == 0 ? "(standard input)" : argv[i], show_name);
            if (f != stdin)
                fclose(f);
            if (opt_quiet && total)
                break;
        }
    }
    fflush(stdout);
    if (opt_quiet && total)
        return 0;
    return error ? 2 : total ? 0 : 1;
}
