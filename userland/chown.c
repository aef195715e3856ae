/* chown: change the owner (and group) of files: owner[:group] or :group,
 * by name (from /etc/passwd and /etc/group) or number. -R recurses. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "include/dir_walk.h"

static bool chown_number(const char *s, unsigned long *out)
{
    char *end;
    if (!*s)
        return false;
    *out = strtoul(s, &end, 10);
    return *end == 0;
}

struct chown_ids {
    uid_t uid;
    gid_t gid;
};

static int chown_child(const char *child, void *ctx);

static int chown_path(const char *path, uid_t uid, gid_t gid, bool recursive)
{
    int rc = 0;
    if (lchown(path, uid, gid) < 0) {
        fprintf(stderr, "chown: %s: %s\n", path, strerror(errno));
        rc = 1;
    }
    struct stat st;
    if (recursive && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        struct chown_ids ids = { uid, gid };
        rc |= dir_walk_children("chown", path, chown_child, &ids);
    }
    return rc;
}

static int chown_child(const char *child, void *ctx)
{
    const struct chown_ids *ids = ctx;
    return chown_path(child, ids->uid, ids->gid, true);
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
        } else {
            fprintf(stderr, "usage: chown [-R] owner[:group] file...\n");
            return 2;
        }
    }
    if (argc - i < 2) {
        fprintf(stderr, "usage: chown [-R] owner[:group] file...\n");
        return 2;
    }
    char *spec = argv[i++];
    char *colon = strchr(spec, ':');
    if (!colon)
        colon = strchr(spec, '.');
    if (colon)
        *colon = 0;
    uid_t uid = (uid_t)-1;
    gid_t gid = (gid_t)-1;
    unsigned long n;
    if (*spec) {
        struct passwd *pw = getpwnam(spec);
        if (pw) {
            uid = pw->pw_uid;
            if (colon && !colon[1])
                gid = pw->pw_gid; /* "user:" means the user's login group */
        } else if (chown_number(spec, &n)) {
            uid = (uid_t)n;
        } else {
            fprintf(stderr, "chown: unknown user '%s'\n", spec);
            return 1;
        }
    }
    if (colon && colon[1]) {
        struct group *gr = getgrnam(colon + 1);
        if (gr) {
            gid = gr->gr_gid;
        } else if (chown_number(colon + 1, &n)) {
            gid = (gid_t)n;
        } else {
            fprintf(stderr, "chown: unknown group '%s'\n", colon + 1);
            return 1;
        }
    }
    if (uid == (uid_t)-1 && gid == (gid_t)-1) {
        fprintf(stderr, "chown: no owner or group given\n");
        return 2;
    }
    int rc = 0;
    for (; i < argc; i++)
        rc |= chown_path(argv[i], uid, gid, recursive);
    return rc;
}
