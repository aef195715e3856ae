/* Copying files and trees, shared by cp and mv (which copies when a rename
 * would cross file systems). */
#ifndef USERLAND_COPY_H
#define USERLAND_COPY_H
#include <stdbool.h>

struct copy_options {
    const char *prog;      /* for messages */
    bool recursive;
    bool preserve;         /* owner and times too, not only the mode */
};

/* Copies src to dst (dst is the final name, not a directory to copy into).
 * Returns 0 or 1 after reporting what failed. */
int copy_path(const char *src, const char *dst, const struct copy_options *o);
/* dir/basename(src), malloc'd. */
char *copy_target_in(const char *dir, const char *src);
/* The operands "source target" or "source... directory" (argv[first] up to
 * the last, which is the target): calls one for every source with its
 * final name. Returns the OR of what one returned, or 1 after reporting a
 * target that must be a directory and is not. */
int copy_each_source(const char *prog, int first, int argc, char **argv,
                     int (*one)(const char *src, const char *dst, void *ctx), void *ctx);

#endif
