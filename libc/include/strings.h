/* POSIX <strings.h>: case-insensitive comparison and the old BSD memory
 * helpers, which some ported code still calls. ASCII ("C" locale) only. */
#ifndef _STRINGS_H
#define _STRINGS_H

#define __need_size_t
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
void bzero(void *s, size_t n);
void bcopy(const void *src, void *dst, size_t n);
int bcmp(const void *a, const void *b, size_t n);
int ffs(int i);

#ifdef __cplusplus
}
#endif

#endif
