/* The recursive utilities' (chmod -R, chown -R) step into a directory:
 * header-only, since every userland/<name>.c is a program of its own. */
#ifndef USERLAND_DIR_WALK_H
#define USERLAND_DIR_WALK_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Calls visit with "path/name" for every entry of directory path but "."
 * and "..", and returns the OR of what it returned; 1 if path cannot be
 * opened (reported as "prog: path: error") or memory runs out. */
static inline int dir_walk_children(const char *prog, const char *path,
                                    int (*visit)(const char *child, void *ctx), void *ctx)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "%s: %s: %s\n", prog, path, strerror(errno));
        return 1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(len);
        if (!child)
            return 1;
        snprintf(child, len, "%s/%s", path, e->d_name);
        rc |= visit(child, ctx);
        free(child);
    }
    closedir(d);
    return rc;
}

#endif
