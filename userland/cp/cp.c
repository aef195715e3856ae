/* cp: copy files; -r copies directories with what they hold, -p keeps
 * owners and times.   cp [-rp] src dst | cp [-rp] src... dir */
#include "copy.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: cp [-rp] source target\n       cp [-rp] source... directory\n");
    exit(2);
}

static int cp_one(const char *src, const char *dst, void *ctx)
{
    return copy_path(src, dst, ctx);
}

int main(int argc, char **argv)
{
    struct copy_options o = { .prog = "cp" };
    int c;
    while ((c = getopt(argc, argv, "rRpaf")) != -1) {
        switch (c) {
        case 'r':
        case 'R': o.recursive = true; break;
        case 'p': o.preserve = true; break;
        case 'a': o.recursive = o.preserve = true; break;
        case 'f': break;
        default: usage();
        }
    }
    int n = argc - optind;
    if (n < 2)
        usage();
    return copy_each_source("cp", optind, argc, argv, cp_one, &o);
}
