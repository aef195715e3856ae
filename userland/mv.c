/* mv: move or rename files.   mv src dst | mv src... dir
 * Across file systems the file is copied and the original removed. */
#include "cp/copy.c"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mv_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return -1;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return -1;
        struct dirent *e;
        int rc = 0;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            size_t len = strlen(path) + strlen(e->d_name) + 2;
            char *p = malloc(len);
            if (!p) {
                rc = -1;
                break;
            }
            snprintf(p, len, "%s/%s", path, e->d_name);
            if (mv_remove_tree(p) < 0)
                rc = -1;
            free(p);
            /* the directory changed under readdir: start over */
            rewinddir(d);
        }
        closedir(d);
        return rc < 0 ? rc : rmdir(path);
    }
    return unlink(path);
}

static int mv_one(const char *src, const char *dst)
{
    if (rename(src, dst) == 0)
        return 0;
    if (errno != EXDEV) {
        fprintf(stderr, "mv: cannot move '%s' to '%s': %s\n", src, dst, strerror(errno));
        return 1;
    }
    struct copy_options o = { .prog = "mv", .recursive = true, .preserve = true };
    if (copy_path(src, dst, &o) != 0)
        return 1;
    if (mv_remove_tree(src) < 0) {
        fprintf(stderr, "mv: %s: copied but not removed: %s\n", src, strerror(errno));
        return 1;
    }
    return 0;
}

static int mv_each(const char *src, const char *dst, void *ctx)
{
    (void)ctx;
    return mv_one(src, dst);
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "fi")) != -1) {
        if (c != 'f' && c != 'i') {
            fprintf(stderr, "usage: mv source target\n       mv source... directory\n");
            return 2;
        }
    }
    int n = argc - optind;
    if (n < 2) {
        fprintf(stderr, "usage: mv source target\n       mv source... directory\n");
        return 2;
    }
    return copy_each_source("mv", optind, argc, argv, mv_each, NULL);
}
