/* tee: copy standard input to standard output and to files (-a appends). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

int main(int argc, char **argv)
{
    int flags = O_WRONLY | O_CREAT | O_TRUNC;
    int c;
    while ((c = getopt(argc, argv, "ai")) != -1) {
        if (c == 'a')
            flags = O_WRONLY | O_CREAT | O_APPEND;
        else if (c == 'i')
            signal(SIGINT, SIG_IGN);
        else {
            fprintf(stderr, "usage: tee [-ai] [file...]\n");
            return 2;
        }
    }
    int nfiles = argc - optind, st = 0;
    int *fds = calloc((size_t)nfiles + 1, sizeof(int));
    if (!fds)
        return 1;
    for (int i = 0; i < nfiles; i++) {
        fds[i] = open(argv[optind + i], flags, 0666);
        if (fds[i] < 0) {
            fprintf(stderr, "tee: %s: %s\n", argv[optind + i], strerror(errno));
            st = 1;
        }
    }
    static char buf[8192];
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "tee: read: %s\n", strerror(errno));
            st = 1;
            break;
        }
        if (n == 0)
            break;
        if (!write_all(STDOUT_FILENO, buf, (size_t)n))
            st = 1;
        for (int i = 0; i < nfiles; i++) {
            if (fds[i] >= 0 && !write_all(fds[i], buf, (size_t)n)) {
                fprintf(stderr, "tee: %s: %s\n", argv[optind + i], strerror(errno));
                close(fds[i]);
                fds[i] = -1;
                st = 1;
            }
        }
    }
    for (int i = 0; i < nfiles; i++)
        if (fds[i] >= 0)
            close(fds[i]);
    return st;
}
