/* Line reading and field splitting shared by the passwd and group code. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

const char *__libc_passwd_path = "/etc/passwd";
const char *__libc_group_path = "/etc/group";

int __db_read_line(FILE *f, char *buf, size_t size, int *truncated)
{
    *truncated = 0;
    if (!fgets(buf, (int)size, f))
        return ferror(f) ? -1 : 0;
    size_t len = strlen(buf);
    if (len > 0 && buf[len - 1] == '\n') {
        buf[len - 1] = '\0';
        return 1;
    }
    if (feof(f))
        return 1;  /* the last line, without a newline */
    /* Too long for buf: skip the rest of it. */
    *truncated = 1;
    int c;
    while ((c = getc(f)) != EOF && c != '\n')
        ;
    return 1;
}

int __db_split(char *line, char **fields, int n)
{
    int i = 0;
    fields[i++] = line;
    for (char *p = line; *p; p++) {
        if (*p == ':') {
            if (i == n)
                return 0;
            *p = '\0';
            fields[i++] = p + 1;
        }
    }
    return i == n;
}

int __db_parse_id(const char *s, unsigned *out)
{
    if (!*s)
        return 0;
    unsigned long v = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return 0;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > 0xffffffffUL)
            return 0;
    }
    *out = (unsigned)v;
    return 1;
}

int __db_lookup(const struct db_format *db, const char *name, unsigned id, void *entry,
                char *buf, size_t size, void **result)
{
    *result = NULL;
    int saved = errno;
    FILE *f = fopen(*db->path, "re");
    if (!f) {
        int err = errno;
        errno = saved;
        /* No database means no such entry, not an error. */
        return err == ENOENT ? 0 : err;
    }
    int err = 0, truncated, r;
    while ((r = __db_read_line(f, buf, size, &truncated)) > 0) {
        if (truncated) {
            if (db->could_match(buf, name, id)) {
                err = ERANGE;
                break;
            }
            continue;
        }
        int p = db->parse(buf, size, entry);
        if (p == 0)
            continue;
        if (db->matches(entry, name, id)) {
            if (p < 0)
                err = ERANGE;
            else
                *result = entry;
            break;
        }
    }
    if (r < 0)
        err = EIO;
    fclose(f);
    errno = saved;
    return err;
}

void *__db_lookup_static(const struct db_format *db, const char *name, unsigned id,
                         void *entry, char **buf, size_t *size)
{
    void *found = NULL;
    for (;;) {
        if (!*buf) {
            *size = 1024;
            *buf = malloc(*size);
            if (!*buf) {
                errno = ENOMEM;
                return NULL;
            }
        }
        int err = __db_lookup(db, name, id, entry, *buf, *size, &found);
        if (err != ERANGE || *size >= 65536) {
            if (err) {
                errno = err;
                return NULL;
            }
            return found;
        }
        char *bigger = realloc(*buf, *size * 2);
        if (!bigger) {
            errno = ENOMEM;
            return NULL;
        }
        *buf = bigger;
        *size *= 2;
    }
}

void *__db_next(const struct db_format *db, FILE **file, char *buf, size_t size, void *entry)
{
    if (!*file) {
        *file = fopen(*db->path, "re");
        if (!*file)
            return NULL;
    }
    int truncated;
    while (__db_read_line(*file, buf, size, &truncated) > 0) {
        if (!truncated && db->parse(buf, size, entry) > 0)
            return entry;
    }
    return NULL;
}

void __db_rewind(FILE *file)
{
    if (file)
        rewind(file);
}

void __db_close(FILE **file)
{
    if (*file)
        fclose(*file);
    *file = NULL;
}
