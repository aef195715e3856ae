/* fopencookie: a stream over caller-supplied functions (a GNU extension,
 * which is also how the host tests drive stdio through a fake device). */
#include <errno.h>
#include <stdlib.h>

#include "stdio_impl.h"

FILE *fopencookie(void *restrict cookie, const char *restrict mode,
                  cookie_io_functions_t fns)
{
    int oflags;
    unsigned flags;
    if (__stdio_parse_mode(mode, &oflags, &flags) < 0)
        return NULL;
    FILE *f = malloc(sizeof(*f));
    if (!f)
        return NULL;
    struct stdio_io io = {
        .read = fns.read, .write = fns.write, .seek = fns.seek,
        .close = fns.close, .cookie = cookie,
    };
    __stdio_init_stream(f, -1, flags, io);
    return f;
}
