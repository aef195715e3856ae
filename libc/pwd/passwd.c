/* The user database: lookups by name and uid, and sequential reading. The
 * _r forms keep every string in the caller's buffer. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "db.h"

/* Parses one line (in buf, which it then owns) into pw; 0 if malformed. */
static int parse(char *buf, struct passwd *pw)
{
    char *f[7];
    unsigned uid, gid;
    if (!__db_split(buf, f, 7) || !*f[0] || !__db_parse_id(f[2], &uid) ||
        !__db_parse_id(f[3], &gid))
        return 0;
    pw->pw_name = f[0];
    pw->pw_passwd = f[1];
    pw->pw_uid = uid;
    pw->pw_gid = gid;
    pw->pw_gecos = f[4];
    pw->pw_dir = f[5];
    pw->pw_shell = f[6];
    return 1;
}

/* Whether a line cut short could be the entry sought: if the part we have
 * already rules it out (its name, or its complete uid field, differs),
 * skipping it is right; otherwise the caller reports ERANGE. */
static int could_match(const char *start, const char *name, uid_t uid)
{
    if (name) {
        size_t n = strlen(name);
        return strncmp(start, name, n) == 0 && (start[n] == ':' || start[n] == '\0');
    }
    const char *field = start;
    for (int i = 0; i < 2 && field; i++) {
        field = strchr(field, ':');
        if (field)
            field++;
    }
    const char *end = field ? strchr(field, ':') : NULL;
    if (!end || end - field > 10)
        return 1;
    char id[11];
    memcpy(id, field, (size_t)(end - field));
    id[end - field] = '\0';
    unsigned v;
    return !__db_parse_id(id, &v) || v == uid;
}

static int lookup(const char *name, uid_t uid, struct passwd *pw, char *buf, size_t size,
                  struct passwd **result)
{
    *result = NULL;
    int saved = errno;
    FILE *f = fopen(__libc_passwd_path, "re");
    if (!f) {
        int err = errno;
        errno = saved;
        /* No database means no such user, not an error. */
        return err == ENOENT ? 0 : err;
    }
    int err = 0, truncated, r;
    while ((r = __db_read_line(f, buf, size, &truncated)) > 0) {
        if (truncated) {
            if (could_match(buf, name, uid)) {
                err = ERANGE;
                break;
            }
            continue;
        }
        if (!parse(buf, pw))
            continue;
        if (name ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid) {
            *result = pw;
            break;
        }
    }
    if (r < 0)
        err = EIO;
    fclose(f);
    errno = saved;
    return err;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
               struct passwd **result)
{
    return lookup(name, 0, pw, buf, size, result);
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size,
               struct passwd **result)
{
    return lookup(NULL, uid, pw, buf, size, result);
}

/* ---- the non-reentrant forms -------------------------------------------- */

static struct passwd static_pw;
static char *static_buf;
static size_t static_size;

struct query {
    const char *name;
    uid_t uid;
    struct passwd *found;
};

static int lookup_static(void *ctx, char *buf, size_t size)
{
    struct query *q = ctx;
    return lookup(q->name, q->uid, &static_pw, buf, size, &q->found);
}

static struct passwd *lookup_one(const char *name, uid_t uid)
{
    struct query q = { name, uid, NULL };
    int err = __db_with_buffer(&static_buf, &static_size, lookup_static, &q);
    if (err) {
        errno = err;
        return NULL;
    }
    return q.found;
}

struct passwd *getpwnam(const char *name)
{
    return lookup_one(name, 0);
}

struct passwd *getpwuid(uid_t uid)
{
    return lookup_one(NULL, uid);
}

/* ---- sequential access --------------------------------------------------- */

static FILE *ent_file;
static char ent_buf[1024];
static struct passwd ent_pw;

void setpwent(void)
{
    if (ent_file)
        rewind(ent_file);
}

void endpwent(void)
{
    if (ent_file)
        fclose(ent_file);
    ent_file = NULL;
}

/* Lines too long for the buffer are skipped. */
struct passwd *getpwent(void)
{
    if (!ent_file) {
        ent_file = fopen(__libc_passwd_path, "re");
        if (!ent_file)
            return NULL;
    }
    int truncated;
    while (__db_read_line(ent_file, ent_buf, sizeof(ent_buf), &truncated) > 0) {
        if (!truncated && parse(ent_buf, &ent_pw))
            return &ent_pw;
    }
    return NULL;
}
