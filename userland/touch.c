/* touch: create files or set their times to now (-c: do not create). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    bool no_create = false;
    int c;
    while ((c = getopt(argc, argv, "cam")) != -1) {
        if (c == 'c') {
            no_create = true;
        } else if (c != 'a' && c != 'm') {
            fprintf(stderr, "usage: touch [-c] file...\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: touch [-c] file...\n");
        return 2;
    }
    int rc = 0;
    for (int i = optind; i < argc; i++) {
        if (utimensat(AT_FDCWD, argv[i], NULL, 0) == 0)
            continue;
        if (errno != ENOENT) {
            fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
            continue;
        }
        if (no_create)
            continue;
        int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
        if (fd < 0) {
            fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
            continue;
        }
        close(fd);
    }
    return rc;
}
