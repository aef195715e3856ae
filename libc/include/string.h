/* Byte-string and memory functions (C11 <string.h> plus the POSIX/BSD
 * extensions Kestrel uses). Shared by the kernel and the user-space libc, so
 * nothing here may depend on an allocator or on errno, except the two
 * allocating copies that only user space sees. */
#ifndef _STRING_H
#define _STRING_H

/* Only size_t and NULL are part of <string.h>; ask the compiler's stddef.h for
 * just those so that including <string.h> does not leak offsetof & co. */
#define __need_size_t
#define __need_NULL
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
void *memccpy(void *restrict dst, const void *restrict src, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* Only the "C" locale exists, where collation is plain byte order. */
int strcoll(const char *a, const char *b);
size_t strxfrm(char *restrict dst, const char *restrict src, size_t n);

char *strcpy(char *restrict dst, const char *restrict src);
char *strncpy(char *restrict dst, const char *restrict src, size_t n);
char *stpcpy(char *restrict dst, const char *restrict src);
char *strcat(char *restrict dst, const char *restrict src);
char *strncat(char *restrict dst, const char *restrict src, size_t n);
size_t strlcpy(char *restrict dst, const char *restrict src, size_t size);
size_t strlcat(char *restrict dst, const char *restrict src, size_t size);

char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);

char *strtok(char *restrict s, const char *restrict delim);
char *strtok_r(char *restrict s, const char *restrict delim,
               char **restrict saveptr);
char *strsep(char **restrict sp, const char *restrict delim);

/* Messages for errno values; unknown numbers get a generic message. */
char *strerror(int err);
int strerror_r(int err, char *buf, size_t size);

#ifndef KERNEL
/* Copies in memory from malloc (user space only: the kernel has its own
 * allocator). strndup copies at most n bytes and always terminates. */
char *strdup(const char *s);
char *strndup(const char *s, size_t n);
#endif

#ifdef __cplusplus
}
#endif

#endif
