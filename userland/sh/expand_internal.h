/* Shared between word expansion (expand.c) and pathname expansion
 * (glob.c). */
#ifndef SH_EXPAND_INTERNAL_H
#define SH_EXPAND_INTERNAL_H
#include <stddef.h>

struct field {
    char *s;
    char *q;       /* per byte: 1 if quoted (never a glob character) */
    size_t len, cap;
};

struct fields {
    char **v;      /* finished fields, text only */
    int n, cap;
};

/* Appends the pathnames a field matches, sorted, or the field itself
 * when it has no unquoted pattern characters or matches nothing. */
void sh_glob_field(const struct field *f, struct fields *out);
void sh_fields_push(struct fields *out, char *s);

#endif
