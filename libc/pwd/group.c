/* The group database: lookups by name and gid, sequential reading, and the
 * supplementary-group helpers login programs use. The member list is an
 * array of pointers kept, like the strings, in the caller's buffer. */
#include <errno.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "db.h"

/* Parses the line at the start of buf into gr, building gr_mem in the rest
 * of buf. Returns 1, 0 if malformed, -1 if the member array does not fit. */
static int parse(char *buf, size_t size, void *entry)
{
    struct group *gr = entry;
    char *f[4];
    unsigned gid;
    size_t used = strlen(buf) + 1;
    if (!__db_split(buf, f, 4) || !*f[0] || !__db_parse_id(f[2], &gid))
        return 0;
    size_t members = 0;
    for (char *p = f[3]; *p; p++)
        members += *p == ',';
    members += *f[3] != '\0';
    /* Name and gid are known even when the member list will not fit: the
     * caller decides with them whether this line was the one it wanted. */
    gr->gr_name = f[0];
    gr->gr_passwd = f[1];
    gr->gr_gid = gid;
    gr->gr_mem = NULL;
    uintptr_t at = ((uintptr_t)buf + used + sizeof(char *) - 1) & ~(uintptr_t)(sizeof(char *) - 1);
    if (at + (members + 1) * sizeof(char *) > (uintptr_t)buf + size)
        return -1;
    char **mem = (char **)at;
    size_t n = 0;
    for (char *p = f[3]; *f[3] && p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (*p)
            mem[n++] = p;
        p = comma ? comma + 1 : NULL;
    }
    mem[n] = NULL;
    gr->gr_mem = mem;
    return 1;
}

static int matches(const void *entry, const char *name, unsigned gid)
{
    const struct group *gr = entry;
    return name ? strcmp(gr->gr_name, name) == 0 : gr->gr_gid == gid;
}

/* A line cut short is ruled out only by its name: a gid lookup cannot
 * skip it, since it may be the group sought. */
static int could_match(const char *start, const char *name, unsigned gid)
{
    (void)gid;
    size_t n = name ? strlen(name) : 0;
    return !name || (strncmp(start, name, n) == 0 && (start[n] == ':' || start[n] == '\0'));
}

static const struct db_format group_db = { &__libc_group_path, parse, matches, could_match };

int getgrnam_r(const char *name, struct group *gr, char *buf, size_t size,
               struct group **result)
{
    void *found;
    int err = __db_lookup(&group_db, name, 0, gr, buf, size, &found);
    *result = found;
    return err;
}

int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result)
{
    void *found;
    int err = __db_lookup(&group_db, NULL, gid, gr, buf, size, &found);
    *result = found;
    return err;
}

/* ---- the non-reentrant forms -------------------------------------------- */

static struct group static_gr;
static char *static_buf;
static size_t static_size;

struct group *getgrnam(const char *name)
{
    return __db_lookup_static(&group_db, name, 0, &static_gr, &static_buf, &static_size);
}

struct group *getgrgid(gid_t gid)
{
    return __db_lookup_static(&group_db, NULL, gid, &static_gr, &static_buf, &static_size);
}

/* ---- sequential access --------------------------------------------------- */

static FILE *ent_file;
static char ent_buf[4096];
static struct group ent_gr;

void setgrent(void)
{
    __db_rewind(ent_file);
}

void endgrent(void)
{
    __db_close(&ent_file);
}

struct group *getgrent(void)
{
    return __db_next(&group_db, &ent_file, ent_buf, sizeof(ent_buf), &ent_gr);
}

/* ---- supplementary groups ----------------------------------------------- */

/* The groups `user` belongs to, `group` first. *ngroups is the capacity on
 * entry and the count on return; -1 if the capacity was too small. */
int getgrouplist(const char *user, gid_t group, gid_t *groups, int *ngroups)
{
    int cap = *ngroups, n = 0;
    if (n < cap)
        groups[n] = group;
    n++;
    FILE *f = NULL;
    char buf[4096];
    struct group gr;
    while (__db_next(&group_db, &f, buf, sizeof(buf), &gr)) {
        if (gr.gr_gid == group)
            continue;
        for (char **m = gr.gr_mem; *m; m++) {
            if (strcmp(*m, user) == 0) {
                if (n < cap)
                    groups[n] = gr.gr_gid;
                n++;
                break;
            }
        }
    }
    __db_close(&f);
    *ngroups = n;
    return n > cap ? -1 : n;
}

int initgroups(const char *user, gid_t group)
{
    gid_t groups[32];
    int n = 32;
    if (getgrouplist(user, group, groups, &n) < 0) {
        errno = EINVAL;
        return -1;
    }
    return setgroups((size_t)n, groups);
}
