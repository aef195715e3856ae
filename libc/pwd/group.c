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
static int parse(char *buf, size_t size, struct group *gr)
{
    char *f[4];
    unsigned gid;
    size_t used = strlen(buf) + 1;
    if (!__db_split(buf, f, 4) || !*f[0] || !__db_parse_id(f[2], &gid))
        return 0;
    size_t members = 0;
    for (char *p = f[3]; *p; p++)
        members += *p == ',';
    members += *f[3] != '\0';
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
    gr->gr_name = f[0];
    gr->gr_passwd = f[1];
    gr->gr_gid = gid;
    gr->gr_mem = mem;
    return 1;
}

static int lookup(const char *name, gid_t gid, struct group *gr, char *buf, size_t size,
                  struct group **result)
{
    *result = NULL;
    int saved = errno;
    FILE *f = fopen(__libc_group_path, "re");
    if (!f) {
        int err = errno;
        errno = saved;
        return err == ENOENT ? 0 : err;
    }
    int err = 0, truncated, r;
    while ((r = __db_read_line(f, buf, size, &truncated)) > 0) {
        if (truncated) {
            size_t n = name ? strlen(name) : 0;
            if (!name || (strncmp(buf, name, n) == 0 && (buf[n] == ':' || buf[n] == '\0'))) {
                err = ERANGE;
                break;
            }
            continue;
        }
        int p = parse(buf, size, gr);
        if (p == 0)
            continue;
        if (name ? strcmp(gr->gr_name, name) == 0 : gr->gr_gid == gid) {
            if (p < 0)
                err = ERANGE;
            else
                *result = gr;
            break;
        }
    }
    if (r < 0)
        err = EIO;
    fclose(f);
    errno = saved;
    return err;
}

int getgrnam_r(const char *name, struct group *gr, char *buf, size_t size,
               struct group **result)
{
    return lookup(name, 0, gr, buf, size, result);
}

int getgrgid_r(gid_t gid, struct group *gr, char *buf, size_t size, struct group **result)
{
    return lookup(NULL, gid, gr, buf, size, result);
}

/* ---- the non-reentrant forms -------------------------------------------- */

static struct group static_gr;
static char *static_buf;
static size_t static_size;

struct query {
    const char *name;
    gid_t gid;
    struct group *found;
};

static int lookup_static(void *ctx, char *buf, size_t size)
{
    struct query *q = ctx;
    return lookup(q->name, q->gid, &static_gr, buf, size, &q->found);
}

static struct group *lookup_one(const char *name, gid_t gid)
{
    struct query q = { name, gid, NULL };
    int err = __db_with_buffer(&static_buf, &static_size, lookup_static, &q);
    if (err) {
        errno = err;
        return NULL;
    }
    return q.found;
}

struct group *getgrnam(const char *name)
{
    return lookup_one(name, 0);
}

struct group *getgrgid(gid_t gid)
{
    return lookup_one(NULL, gid);
}

/* ---- sequential access --------------------------------------------------- */

static FILE *ent_file;
static char ent_buf[4096];
static struct group ent_gr;

void setgrent(void)
{
    if (ent_file)
        rewind(ent_file);
}

void endgrent(void)
{
    if (ent_file)
        fclose(ent_file);
    ent_file = NULL;
}

struct group *getgrent(void)
{
    if (!ent_file) {
        ent_file = fopen(__libc_group_path, "re");
        if (!ent_file)
            return NULL;
    }
    int truncated;
    while (__db_read_line(ent_file, ent_buf, sizeof(ent_buf), &truncated) > 0) {
        if (!truncated && parse(ent_buf, sizeof(ent_buf), &ent_gr) > 0)
            return &ent_gr;
    }
    return NULL;
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
    FILE *f = fopen(__libc_group_path, "re");
    if (f) {
        char buf[4096];
        struct group gr;
        int truncated;
        while (__db_read_line(f, buf, sizeof(buf), &truncated) > 0) {
            if (truncated || parse(buf, sizeof(buf), &gr) <= 0 || gr.gr_gid == group)
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
        fclose(f);
    }
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
