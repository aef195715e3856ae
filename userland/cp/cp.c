/* cp: copy files; -r copies directories with what they hold, -p keeps
 * owners and times.   cp [-rp] src dst | cp [-rp] src... dir */
#include "copy.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(void)
{
    fprintf(stderr, "usage: cp [-rp] source target\n       cp [-rp] source... directory\n");
    exit(2);
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
    const char *last = argv[argc - 1];
    struct stat st;
    bool into_dir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
    if (n > 2 && !into_dir) {
        fprintf(stderr, "cp: %s: not a directory\n", last);
        return 1;
    }
    int rc = 0;
    for (int i = optind; i < argc - 1; i++) {
        if (into_dir) {
            char *t = copy_target_in(last, argv[i]);
            if (!t)
                return 1;
            rc |= copy_path(argv[i], t, &o);
            free(t);
        } else {
            rc |= copy_path(argv[i], last, &o);
        }
    }
    return rc;
}
