/* Private to libc/pwd: reading the colon-separated database files. */
#ifndef LIBC_PWD_DB_H
#define LIBC_PWD_DB_H

#include <stdio.h>
#include <sys/types.h>

/* Where the databases live; the host tests point these elsewhere. */
extern const char *__libc_passwd_path;
extern const char *__libc_group_path;

/* Reads the next line into buf without its newline. Returns 1 for a line,
 * 0 at the end, -1 on a read error. A line that does not fit is consumed
 * whole and reported with *truncated set (buf then holds its start). */
int __db_read_line(FILE *f, char *buf, size_t size, int *truncated);

/* Splits line at ':' into exactly n fields (in place); 0 if it has a
 * different number of fields. */
int __db_split(char *line, char **fields, int n);

/* A decimal id field; 0 if it is empty, not all digits, or too big. */
int __db_parse_id(const char *s, unsigned *out);

/* What tells one database from the other: its file, how a line becomes an
 * entry, and which entry a lookup by name (or, with name NULL, by id)
 * wants. The entry is passed untyped so both databases share the reader. */
struct db_format {
    const char *const *path;  /* indirect: the host tests repoint the path */
    /* Parses the whole line at the start of buf into entry, which may keep
     * more in the rest of buf. Returns 1, 0 if malformed, -1 if what the
     * entry needs past the line does not fit. */
    int (*parse)(char *buf, size_t size, void *entry);
    /* Whether the parsed entry is the one sought. */
    int (*matches)(const void *entry, const char *name, unsigned id);
    /* Whether a line cut short (its start in start) could be the one
     * sought; if so the lookup reports ERANGE instead of skipping it. */
    int (*could_match)(const char *start, const char *name, unsigned id);
};

/* The reentrant lookup: 0 with *result NULL if there is no such entry (no
 * database file included), else an errno value. errno is left alone. */
int __db_lookup(const struct db_format *db, const char *name, unsigned id, void *entry,
                char *buf, size_t size, void **result);

/* The non-reentrant lookup: __db_lookup in a buffer (*buf, *size) that is
 * grown while it is too small. NULL with errno set on an error. */
void *__db_lookup_static(const struct db_format *db, const char *name, unsigned id,
                         void *entry, char **buf, size_t *size);

/* Sequential reading: the next well-formed entry, opening *file on first
 * use; lines too long for buf are skipped. NULL at the end. */
void *__db_next(const struct db_format *db, FILE **file, char *buf, size_t size, void *entry);
void __db_rewind(FILE *file);
void __db_close(FILE **file);

#endif
