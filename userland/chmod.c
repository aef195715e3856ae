/* chmod: change file modes, given in octal (755) or symbolically
 * ([ugoa]*[+-=][rwxXst]*, clauses separated by commas). -R recurses. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "include/dir_walk.h"

/* Applies a mode expression to an old mode; -1 if the expression is bad. */
static long chmod_apply(const char *expr, mode_t old, bool is_dir, mode_t umask_bits)
{
    if (*expr >= '0' && *expr <= '7') {
        char *end;
        unsigned long v = strtoul(expr, &end, 8);
        if (*end || v > 07777)
            return -1;
        return (long)v;
    }
    mode_t mode = old & 07777;
    const char *p = expr;
    for (;;) {
        mode_t who = 0;
        for (; *p && strchr("ugoa", *p); p++) {
            if (*p == 'u') who |= 04700;
            if (*p == 'g') who |= 02070;
            if (*p == 'o') who |= 01007;
            if (*p == 'a') who |= 07777;
        }
        bool who_given = who != 0;
        if (!who_given)
            who = 07777;
        if (!*p || !strchr("+-=", *p))
            return -1;
        while (*p && strchr("+-=", *p)) {
            char op = *p++;
            mode_t bits = 0;
            for (; *p && strchr("rwxXstugo", *p); p++) {
                switch (*p) {
                case 'r': bits |= 0444; break;
                case 'w': bits |= 0222; break;
                case 'x': bits |= 0111; break;
                case 'X':
                    if (is_dir || (old & 0111))
                        bits |= 0111;
                    break;
                case 's': bits |= 06000; break;
                case 't': bits |= 01000; break;
                /* copy another class's permissions */
                case 'u': bits |= ((mode >> 6) & 7) * 0111; break;
                case 'g': bits |= ((mode >> 3) & 7) * 0111; break;
                case 'o': bits |= (mode & 7) * 0111; break;
                }
            }
            bits &= who;
            if (!who_given && op != '=')
                bits &= ~umask_bits;
            if (op == '+')
                mode |= bits;
            else if (op == '-')
                mode &= ~bits;
            else
                mode = (mode & ~who) | bits;
        }
        if (*p == 0)
            break;
        if (*p != ',')
            return -1;
        p++;
    }
    return (long)mode;
}

struct chmod_walk {
    const char *expr;
    mode_t umask_bits;
};

static int chmod_child(const char *child, void *ctx);

static int chmod_path(const char *path, const char *expr, bool recursive, mode_t umask_bits)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno));
        return 1;
    }
    long mode = chmod_apply(expr, st.st_mode, S_ISDIR(st.st_mode), umask_bits);
    if (mode < 0) {
        fprintf(stderr, "chmod: invalid mode '%s'\n", expr);
        exit(1);
    }
    int rc = 0;
    if (chmod(path, (mode_t)mode) < 0) {
        fprintf(stderr, "chmod: %s: %s\n", path, strerror(errno));
        rc = 1;
    }
    if (recursive && S_ISDIR(st.st_mode)) {
        struct chmod_walk w = { expr, umask_bits };
        rc |= dir_walk_children("chmod", path, chmod_child, &w);
    }
    return rc;
}

/* Symbolic links met inside the tree are not followed. */
static int chmod_child(const char *child, void *ctx)
{
    const struct chmod_walk *w = ctx;
    struct stat cst;
    if (lstat(child, &cst) == 0 && !S_ISLNK(cst.st_mode))
        return chmod_path(child, w->expr, true, w->umask_bits);
    return 0;
}

int main(int argc, char **argv)
{
    bool recursive = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-R") == 0) {
            recursive = true;
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else if (strspn(argv[i] + 1, "rwxXst") == strlen(argv[i] + 1) && argv[i][1]) {
            break; /* a mode like -x */
        } else {
            fprintf(stderr, "usage: chmod [-R] mode file...\n");
            return 2;
        }
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: chmod [-R] mode file...\n");
        return 2;
    }
    const char *expr = argv[i++];
    mode_t um = umask(0);
    umask(um);
    if (chmod_apply(expr, 0, false, um) < 0) {
        fprintf(stderr, "chmod: invalid mode '%s'\n", expr);
        return 1;
    }
    int rc = 0;
    for (; i < argc; i++)
        rc |= chmod_path(argv[i], expr, recursive, um);
    return rc;
}
