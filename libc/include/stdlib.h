/* General utilities (C11 <stdlib.h> plus the POSIX parts Kestrel provides).
 * The pure functions (number parsing, sorting, random numbers, the allocator
 * engine, the environment) live in libc/stdlib; process control (exit, abort,
 * atexit, system) needs the kernel and is defined with the rest of the
 * syscall-backed code. */
#ifndef _STDLIB_H
#define _STDLIB_H

#define __need_size_t
#define __need_wchar_t
#define __need_NULL
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* rand() yields the full non-negative range of a 32-bit int. */
#define RAND_MAX 2147483647

/* Only the "C" locale exists, whose characters are all single bytes. */
#define MB_CUR_MAX ((size_t)1)

typedef struct {
    int quot;
    int rem;
} div_t;

typedef struct {
    long quot;
    long rem;
} ldiv_t;

typedef struct {
    long long quot;
    long long rem;
} lldiv_t;

/* Number parsing. */
long strtol(const char *restrict nptr, char **restrict endptr, int base);
unsigned long strtoul(const char *restrict nptr, char **restrict endptr,
                      int base);
long long strtoll(const char *restrict nptr, char **restrict endptr, int base);
unsigned long long strtoull(const char *restrict nptr, char **restrict endptr,
                            int base);
int atoi(const char *nptr);
long atol(const char *nptr);
long long atoll(const char *nptr);

double strtod(const char *restrict nptr, char **restrict endptr);
float strtof(const char *restrict nptr, char **restrict endptr);
long double strtold(const char *restrict nptr, char **restrict endptr);
double atof(const char *nptr);

/* Integer arithmetic. */
int abs(int j);
long labs(long j);
long long llabs(long long j);
div_t div(int numer, int denom);
ldiv_t ldiv(long numer, long denom);
lldiv_t lldiv(long long numer, long long denom);

/* Searching and sorting. */
void qsort(void *base, size_t nmemb, size_t size,
           int (*compar)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
              int (*compar)(const void *, const void *));

/* Pseudo-random numbers: deterministic for a given seed. */
int rand(void);
void srand(unsigned seed);
int rand_r(unsigned *seed);

/* Memory allocation. Every block is aligned for any object type (16 bytes). */
void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
void *aligned_alloc(size_t alignment, size_t size);
int posix_memalign(void **memptr, size_t alignment, size_t size);
size_t malloc_usable_size(void *ptr);

/* The environment. */
char *getenv(const char *name);
int setenv(const char *name, const char *value, int overwrite);
int unsetenv(const char *name);
int putenv(char *string);

/* Process control: defined outside the pure part of libc. The attribute
 * spelling, unlike _Noreturn, also parses as C++. */
__attribute__((__noreturn__)) void exit(int status);
__attribute__((__noreturn__)) void _Exit(int status);
__attribute__((__noreturn__)) void abort(void);
int atexit(void (*func)(void));

/* POSIX calls that need the kernel, defined with the syscall-backed code. */
int system(const char *command);
/* The canonical absolute path; resolved NULL means a malloc'ed result. */
char *realpath(const char *restrict path, char *restrict resolved);
/* Replace the template's final "XXXXXX" and create the file (mode 0600,
 * returning an open descriptor) or directory (mode 0700) exclusively. */
int mkstemp(char *template);
char *mkdtemp(char *template);

/* Pseudo-terminals: posix_openpt opens a new master (flags: O_RDWR, and
 * O_NOCTTY or O_CLOEXEC); its slave, /dev/pts/N as ptsname says, can be
 * opened once unlockpt has run. grantpt has nothing to do (the slave
 * already belongs to the opener) beyond checking fd. ptsname_r returns 0
 * or an error number. */
int posix_openpt(int flags);
int grantpt(int fd);
int unlockpt(int fd);
char *ptsname(int fd);
int ptsname_r(int fd, char *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif
