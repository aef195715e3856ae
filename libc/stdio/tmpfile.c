/* tmpfile: a stream on a fresh file in /tmp whose name is removed at once,
 * so the file disappears when the stream is closed. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "stdio_impl.h"

FILE *tmpfile(void)
{
    char name[] = "/tmp/tmpfile.XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0)
        return NULL;
    unlink(name);
    FILE *f = fdopen(fd, "w+");
    if (!f) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return f;
}
