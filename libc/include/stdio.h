/* Standard I/O (C11 7.21 plus the POSIX and common extensions Kestrel
 * provides). Streams are thread-safe: every call locks the stream, and the
 * *_unlocked forms skip that inside flockfile/funlockfile. stdout is line
 * buffered when it is a terminal and fully buffered otherwise; stderr is
 * unbuffered. */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#define __need_size_t
#define __need_NULL
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct __file FILE;
typedef __PTRDIFF_TYPE__ ssize_t;
typedef __INT64_TYPE__ off_t;

typedef struct {
    off_t __pos;
} fpos_t;

#define EOF (-1)
#define BUFSIZ 4096
#define FOPEN_MAX 16        /* streams always openable at once; more usually are */
#define FILENAME_MAX 4096
#define L_ctermid 16

#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

extern FILE *stdin;
extern FILE *stdout;
extern FILE *stderr;
#define stdin stdin
#define stdout stdout
#define stderr stderr

/* Opening and closing. mode: "r", "w", "a", each optionally with "+", and
 * any of "b" (ignored), "x" (exclusive create), "e" (close on exec). */
FILE *fopen(const char *restrict path, const char *restrict mode);
FILE *fdopen(int fd, const char *mode);
FILE *freopen(const char *restrict path, const char *restrict mode,
              FILE *restrict stream);
int fclose(FILE *stream);
int fflush(FILE *stream);
/* Streams over memory: a fixed buffer (NULL: one of `size` bytes that the
 * stream owns), or one that grows and is published in *ptr and *sizeloc at
 * every flush; the caller frees it after fclose. */
FILE *fmemopen(void *restrict buf, size_t size, const char *restrict mode);
FILE *open_memstream(char **ptr, size_t *sizeloc);
/* A new file in /tmp that vanishes when closed. */
FILE *tmpfile(void);
int fileno(FILE *stream);

/* Buffering; call before the first I/O on the stream. */
int setvbuf(FILE *restrict stream, char *restrict buf, int mode, size_t size);
void setbuf(FILE *restrict stream, char *restrict buf);
void setlinebuf(FILE *stream);

/* Characters and lines. */
int fgetc(FILE *stream);
int getc(FILE *stream);
int getchar(void);
int ungetc(int c, FILE *stream);
char *fgets(char *restrict s, int n, FILE *restrict stream);
int fputc(int c, FILE *stream);
int putc(int c, FILE *stream);
int putchar(int c);
int fputs(const char *restrict s, FILE *restrict stream);
int puts(const char *s);
ssize_t getline(char **restrict line, size_t *restrict cap, FILE *restrict stream);
ssize_t getdelim(char **restrict line, size_t *restrict cap, int delim,
                 FILE *restrict stream);

/* Blocks. */
size_t fread(void *restrict ptr, size_t size, size_t nmemb, FILE *restrict stream);
size_t fwrite(const void *restrict ptr, size_t size, size_t nmemb,
              FILE *restrict stream);

/* Positioning. */
int fseek(FILE *stream, long offset, int whence);
int fseeko(FILE *stream, off_t offset, int whence);
long ftell(FILE *stream);
off_t ftello(FILE *stream);
void rewind(FILE *stream);
int fgetpos(FILE *restrict stream, fpos_t *restrict pos);
int fsetpos(FILE *stream, const fpos_t *pos);

/* State. */
int feof(FILE *stream);
int ferror(FILE *stream);
void clearerr(FILE *stream);

/* Formatted output. */
int printf(const char *restrict fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
int fprintf(FILE *restrict stream, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int dprintf(int fd, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int sprintf(char *restrict buf, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
int asprintf(char **restrict out, const char *restrict fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
int vprintf(const char *restrict fmt, va_list ap);
int vfprintf(FILE *restrict stream, const char *restrict fmt, va_list ap);
int vdprintf(int fd, const char *restrict fmt, va_list ap);
int vsprintf(char *restrict buf, const char *restrict fmt, va_list ap);
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap);
int vasprintf(char **restrict out, const char *restrict fmt, va_list ap);

/* Formatted input. */
int scanf(const char *restrict fmt, ...) __attribute__((__format__(__scanf__, 1, 2)));
int fscanf(FILE *restrict stream, const char *restrict fmt, ...)
    __attribute__((__format__(__scanf__, 2, 3)));
int sscanf(const char *restrict s, const char *restrict fmt, ...)
    __attribute__((__format__(__scanf__, 2, 3)));
int vscanf(const char *restrict fmt, va_list ap);
int vfscanf(FILE *restrict stream, const char *restrict fmt, va_list ap);
int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap);

/* Errors and files. */
void perror(const char *s);
int remove(const char *path);
int rename(const char *oldpath, const char *newpath);
int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath);

/* Locking, and the calls that rely on the caller holding the lock. */
void flockfile(FILE *stream);
int ftrylockfile(FILE *stream);
void funlockfile(FILE *stream);
int getc_unlocked(FILE *stream);
int getchar_unlocked(void);
int putc_unlocked(int c, FILE *stream);
int putchar_unlocked(int c);
int fflush_unlocked(FILE *stream);

/* GNU: a stream over caller-supplied functions. read and write return the
 * bytes moved or -1; a NULL read or write makes the stream refuse that
 * direction, a NULL seek makes it unseekable, a NULL close does nothing. */
typedef ssize_t cookie_read_function_t(void *cookie, char *buf, size_t size);
typedef ssize_t cookie_write_function_t(void *cookie, const char *buf, size_t size);
typedef int cookie_seek_function_t(void *cookie, off_t *offset, int whence);
typedef int cookie_close_function_t(void *cookie);
typedef struct {
    cookie_read_function_t *read;
    cookie_write_function_t *write;
    cookie_seek_function_t *seek;
    cookie_close_function_t *close;
} cookie_io_functions_t;
FILE *fopencookie(void *restrict cookie, const char *restrict mode,
                  cookie_io_functions_t io);

#ifdef __cplusplus
}
#endif

#endif
