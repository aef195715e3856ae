/* perror: "s: message\n" for the current errno on stderr. */
#include <errno.h>
#include <string.h>

#include "stdio_impl.h"

void perror(const char *s)
{
    const char *msg = strerror(errno);
    __stdio_lock(stderr);
    if (s && *s) {
        __stdio_write(stderr, s, strlen(s));
        __stdio_write(stderr, ": ", 2);
    }
    __stdio_write(stderr, msg, strlen(msg));
    __stdio_write(stderr, "\n", 1);
    __stdio_unlock(stderr);
}
