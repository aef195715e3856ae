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

/* The growing buffer behind the non-reentrant lookups: calls lookup with
 * ever larger buffers while it reports ERANGE. */
int __db_with_buffer(char **buf, size_t *size, int (*lookup)(void *ctx, char *buf, size_t size),
                     void *ctx);

#endif
