/* The failure half of assert(). The message is built in a local buffer and
 * written in one piece, without stdio, whose state may be what failed. */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "../internal/runtime.h"

_Noreturn void __assert_fail(const char *expr, const char *file, unsigned line,
                             const char *func)
{
    char buf[512];
    int n = snprintf(buf, sizeof(buf), "%s: %s:%u: %s: Assertion `%s' failed.\n",
                     program_invocation_short_name, file, line, func, expr);
    if (n > (int)sizeof(buf) - 1)
        n = (int)sizeof(buf) - 1;
    if (n > 0)
        __libc_write_stderr(buf, (size_t)n);
    abort();
}
