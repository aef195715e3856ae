/* The user database: lookups by name and uid, and sequential reading. The
 * _r forms keep every string in the caller's buffer. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>

#include "db.h"

/* Parses one line (in buf, which it then owns) into pw; 0 if malformed. */
static int parse(char *buf, size_t size, void *entry)
{
    struct passwd *pw = entry;
    (void)size;
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
static int could_match(const char *start, const char *name, unsigned uid)
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

static int matches(const void *entry, const char *name, unsigned uid)
{
    const struct passwd *pw = entry;
    return name ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid;
}

static const struct db_format passwd_db = { &__libc_passwd_path, parse, matches, could_match };

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t size,
               struct passwd **result)
{
    void *found;
    int err = __db_lookup(&passwd_db, name, 0, pw, buf, size, &found);
    *result = found;
    return err;
}

int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t size,
               struct passwd **result)
{
    void *found;
    int err = __db_lookup(&passwd_db, NULL, uid, pw, buf, size, &found);
    *result = found;
    return err;
}

/* ---- the non-reentrant forms -------------------------------------------- */

static struct passwd static_pw;
static char *static_buf;
static size_t static_size;

struct passwd *getpwnam(const char *name)
{
    return __db_lookup_static(&passwd_db, name, 0, &static_pw, &static_buf, &static_size);
}

struct passwd *getpwuid(uid_t uid)
{
    return __db_lookup_static(&passwd_db, NULL, uid, &static_pw, &static_buf, &static_size);
}

/* ---- sequential access --------------------------------------------------- */

static FILE *ent_file;
static char ent_buf[1024];
static struct passwd ent_pw;

void setpwent(void)
{
    __db_rewind(ent_file);
}

void endpwent(void)
{
    __db_close(&ent_file);
}

/* Lines too long for the buffer are skipped. */
struct passwd *getpwent(void)
{
    return __db_next(&passwd_db, &ent_file, ent_buf, sizeof(ent_buf), &ent_pw);
}
