/* seq: print a sequence of integers: seq last | seq first last |
 * seq first step last. -s sets the separator, -w pads with zeros. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(void)
{
    fprintf(stderr, "usage: seq [-w] [-s sep] [first [step]] last\n");
    exit(2);
}

static long long parse(const char *s)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || errno) {
        fprintf(stderr, "seq: invalid number '%s'\n", s);
        exit(1);
    }
    return v;
}

int main(int argc, char **argv)
{
    const char *sep = "\n";
    bool pad = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] && !(argv[i][1] >= '0' && argv[i][1] <= '9'); i++) {
        if (strcmp(argv[i], "-s") == 0 && i + 1 < argc)
            sep = argv[++i];
        else if (strcmp(argv[i], "-w") == 0)
            pad = true;
        else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else
            usage();
    }
    int n = argc - i;
    if (n < 1 || n > 3)
        usage();
    long long first = 1, step = 1, last;
    if (n == 1) {
        last = parse(argv[i]);
    } else if (n == 2) {
        first = parse(argv[i]);
        last = parse(argv[i + 1]);
    } else {
        first = parse(argv[i]);
        step = parse(argv[i + 1]);
        last = parse(argv[i + 2]);
    }
    if (step == 0) {
        fprintf(stderr, "seq: the step must not be zero\n");
        return 1;
    }
    int width = 0;
    if (pad) {
        char a[32], b[32];
        int wa = snprintf(a, sizeof(a), "%lld", first), wb = snprintf(b, sizeof(b), "%lld", last);
        width = wa > wb ? wa : wb;
    }
    bool any = false;
    for (long long v = first; step > 0 ? v <= last : v >= last; v += step) {
        if (any)
            fputs(sep, stdout);
        printf("%0*lld", width, v);
        any = true;
    }
    if (any)
        putchar('\n');
    return 0;
}
