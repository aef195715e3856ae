/* Unbuffered error output for libc's own messages (getopt, assert, heap
 * corruption, start-up failures). It must work before stdio exists and
 * when stdio's state is suspect, so it goes straight to descriptor 2. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../internal/runtime.h"

void __libc_write_stderr(const char *s, size_t n)
{
    int saved = errno;
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        s += w;
        n -= (size_t)w;
    }
    errno = saved;
}

_Noreturn void __libc_fatal(const char *message)
{
    const char *name = program_invocation_short_name;
    if (name && *name) {
        __libc_write_stderr(name, strlen(name));
        __libc_write_stderr(": ", 2);
    }
    __libc_write_stderr(message, strlen(message));
    __libc_write_stderr("\n", 1);
    _exit(127);
}
