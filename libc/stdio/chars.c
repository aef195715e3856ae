/* Character, line and block I/O: each call is one locked use of the
 * unlocked primitives in buffer.c. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "stdio_impl.h"

int getc_unlocked(FILE *f)
{
    return __stdio_getc(f);
}

int getchar_unlocked(void)
{
    return __stdio_getc(stdin);
}

int putc_unlocked(int c, FILE *f)
{
    return __stdio_putc(c, f);
}

int putchar_unlocked(int c)
{
    return __stdio_putc(c, stdout);
}

int fgetc(FILE *f)
{
    __stdio_lock(f);
    int c = __stdio_getc(f);
    __stdio_unlock(f);
    return c;
}

int getc(FILE *f)
{
    return fgetc(f);
}

int getchar(void)
{
    return fgetc(stdin);
}

int ungetc(int c, FILE *f)
{
    __stdio_lock(f);
    c = __stdio_ungetc(c, f);
    __stdio_unlock(f);
    return c;
}

int fputc(int c, FILE *f)
{
    __stdio_lock(f);
    c = __stdio_putc(c, f);
    __stdio_unlock(f);
    return c;
}

int putc(int c, FILE *f)
{
    return fputc(c, f);
}

int putchar(int c)
{
    return fputc(c, stdout);
}

/* Reads up to n - 1 characters, stopping after a newline. NULL if nothing
 * was read before the end of input or an error. */
char *fgets(char *restrict s, int n, FILE *restrict f)
{
    if (n <= 0) {
        errno = EINVAL;
        return NULL;
    }
    __stdio_lock(f);
    unsigned had_error = f->flags & F_ERR;
    int i = 0;
    while (i < n - 1) {
        /* Copy straight out of the buffer up to a newline when possible. */
        if (f->mode == MODE_READ && f->rpos < f->rend) {
            size_t avail = (size_t)(f->rend - f->rpos);
            size_t want = (size_t)(n - 1 - i);
            size_t take = avail < want ? avail : want;
            unsigned char *nl = memchr(f->rpos, '\n', take);
            if (nl)
                take = (size_t)(nl - f->rpos) + 1;
            memcpy(s + i, f->rpos, take);
            f->rpos += take;
            i += (int)take;
            if (nl)
                break;
            continue;
        }
        int c = __stdio_getc(f);
        if (c == EOF)
            break;
        s[i++] = (char)c;
        if (c == '\n')
            break;
    }
    /* A read error during the call leaves the array indeterminate: report it
     * even after a partial line. */
    int failed = (i == 0 && n > 1) || ((f->flags & F_ERR) && !had_error);
    __stdio_unlock(f);
    if (failed)
        return NULL;
    s[i] = '\0';
    return s;
}

int fputs(const char *restrict s, FILE *restrict f)
{
    size_t n = strlen(s);
    __stdio_lock(f);
    size_t w = __stdio_write(f, s, n);
    __stdio_unlock(f);
    return w == n ? 0 : EOF;
}

int puts(const char *s)
{
    size_t n = strlen(s);
    __stdio_lock(stdout);
    int rc = __stdio_write(stdout, s, n) == n && __stdio_putc('\n', stdout) != EOF ? 0 : EOF;
    __stdio_unlock(stdout);
    return rc;
}

size_t fread(void *restrict ptr, size_t size, size_t nmemb, FILE *restrict f)
{
    if (size == 0 || nmemb == 0)
        return 0;
    if (nmemb > (size_t)-1 / size) {
        errno = EOVERFLOW;
        return 0;
    }
    __stdio_lock(f);
    size_t got = __stdio_read(f, ptr, size * nmemb);
    __stdio_unlock(f);
    return got / size;
}

size_t fwrite(const void *restrict ptr, size_t size, size_t nmemb, FILE *restrict f)
{
    if (size == 0 || nmemb == 0)
        return 0;
    if (nmemb > (size_t)-1 / size) {
        errno = EOVERFLOW;
        return 0;
    }
    __stdio_lock(f);
    size_t put = __stdio_write(f, ptr, size * nmemb);
    __stdio_unlock(f);
    return put / size;
}

int feof(FILE *f)
{
    __stdio_lock(f);
    int r = (f->flags & F_EOF) != 0;
    __stdio_unlock(f);
    return r;
}

int ferror(FILE *f)
{
    __stdio_lock(f);
    int r = (f->flags & F_ERR) != 0;
    __stdio_unlock(f);
    return r;
}

void clearerr(FILE *f)
{
    __stdio_lock(f);
    f->flags &= ~(unsigned)(F_EOF | F_ERR);
    __stdio_unlock(f);
}
