/* BSD error reporting for small programs: "prog: message: strerror\n" on
 * stderr (warn, err) or without the errno part (warnx, errx); the err forms
 * then exit with `status`. */
#ifndef _ERR_H
#define _ERR_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

void warn(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void warnx(const char *fmt, ...) __attribute__((__format__(__printf__, 1, 2)));
void vwarn(const char *fmt, va_list ap);
void vwarnx(const char *fmt, va_list ap);
__attribute__((__noreturn__)) void err(int status, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
__attribute__((__noreturn__)) void errx(int status, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));
__attribute__((__noreturn__)) void verr(int status, const char *fmt, va_list ap);
__attribute__((__noreturn__)) void verrx(int status, const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif

#endif
