/* umount: detach the file systems mounted at the given points. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
    if (argc < 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: umount target...\n");
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        if (umount(argv[i]) < 0) {
            fprintf(stderr, "umount: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
    }
    return rc;
}
