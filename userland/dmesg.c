/* dmesg: print the kernel's log buffer. */
#include <errno.h>
#include <kestrel.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    size_t size = 64 * 1024;
    char *buf = malloc(size);
    if (!buf)
        return 1;
    ssize_t n = dmesg(buf, size);
    if (n < 0) {
        fprintf(stderr, "dmesg: %s\n", strerror(errno));
        return 1;
    }
    if ((size_t)n > size)
        n = (ssize_t)size;
    for (ssize_t off = 0; off < n;) {
        ssize_t w = write(STDOUT_FILENO, buf + off, (size_t)(n - off));
        if (w <= 0)
            return 1;
        off += w;
    }
    return 0;
}
