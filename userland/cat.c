/* cat: copy files (or standard input, also for "-") to standard output. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int cat_fd(int fd, const char *name)
{
    static char buf[16384];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
            return 1;
        }
        if (n == 0)
            return 0;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(STDOUT_FILENO, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                fprintf(stderr, "cat: write error: %s\n", strerror(errno));
                return 1;
            }
            off += w;
        }
    }
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "-u") != 0) {
        fprintf(stderr, "cat: unknown option %s\nusage: cat [file...]\n", argv[i]);
        return 2;
    } else if (i < argc && strcmp(argv[i], "-u") == 0)
        i++;
    if (i >= argc)
        return cat_fd(STDIN_FILENO, "standard input");
    int st = 0;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "-") == 0) {
            st |= cat_fd(STDIN_FILENO, "standard input");
            continue;
        }
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
            st = 1;
            continue;
        }
        st |= cat_fd(fd, argv[i]);
        close(fd);
    }
    return st;
}
