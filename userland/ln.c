/* ln: make links (-s symbolic, -f replace an existing target).
 *   ln [-sf] target [linkname] | ln [-sf] target... directory */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool opt_symbolic, opt_force;

static int ln_one(const char *target, const char *name)
{
    if (opt_force)
        unlink(name);
    int rc = opt_symbolic ? symlink(target, name) : link(target, name);
    if (rc < 0) {
        fprintf(stderr, "ln: %s -> %s: %s\n", name, target, strerror(errno));
        return 1;
    }
    return 0;
}

static char *ln_in_dir(const char *dir, const char *target)
{
    const char *base = strrchr(target, '/');
    base = base ? base + 1 : target;
    size_t len = strlen(dir) + strlen(base) + 2;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%s/%s", dir, base);
    return out;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "sfn")) != -1) {
        switch (c) {
        case 's': opt_symbolic = true; break;
        case 'f': opt_force = true; break;
        case 'n': break;
        default:
            fprintf(stderr, "usage: ln [-sf] target [linkname]\n       ln [-sf] target... directory\n");
            return 2;
        }
    }
    int n = argc - optind;
    if (n < 1) {
        fprintf(stderr, "usage: ln [-sf] target [linkname]\n       ln [-sf] target... directory\n");
        return 2;
    }
    if (n == 1) {
        char *name = ln_in_dir(".", argv[optind]);
        int rc = name ? ln_one(argv[optind], name) : 1;
        free(name);
        return rc;
    }
    const char *last = argv[argc - 1];
    struct stat st;
    bool into_dir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
    if (n == 2 && !into_dir)
        return ln_one(argv[optind], last);
    if (!into_dir) {
        fprintf(stderr, "ln: %s: not a directory\n", last);
        return 1;
    }
    int rc = 0;
    for (int i = optind; i < argc - 1; i++) {
        char *name = ln_in_dir(last, argv[i]);
        rc |= name ? ln_one(argv[i], name) : 1;
        free(name);
    }
    return rc;
}
