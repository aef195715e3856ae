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

int __db_with_buffer(char **buf, size_t *size, int (*lookup)(void *ctx, char *buf, size_t size),
                     void *ctx)
{
    for (;;) {
        if (!*buf) {
            *size = 1024;
            *buf = malloc(*size);
            if (!*buf)
                return ENOMEM;
        }
        int err = lookup(ctx, *buf, *size);
        if (err != ERANGE || *size >= 65536)
            return err;
        char *bigger = realloc(*buf, *size * 2);
        if (!bigger)
            return ENOMEM;
        *buf = bigger;
        *size *= 2;
    }
}
