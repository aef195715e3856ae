/* rmdir: remove empty directories (-p: and then their parents). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    bool parents = false;
    int c;
    while ((c = getopt(argc, argv, "p")) != -1) {
        if (c == 'p') {
            parents = true;
        } else {
            fprintf(stderr, "usage: rmdir [-p] directory...\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: rmdir [-p] directory...\n");
        return 2;
    }
    int st = 0;
    for (int i = optind; i < argc; i++) {
        char *path = argv[i];
        for (;;) {
            if (rmdir(path) < 0) {
                fprintf(stderr, "rmdir: %s: %s\n", path, strerror(errno));
                st = 1;
                break;
            }
            if (!parents)
                break;
            char *slash = strrchr(path, '/');
            while (slash && slash > path && slash[1] == 0) {
                *slash = 0;
                slash = strrchr(path, '/');
            }
            if (!slash || slash == path)
                break;
            *slash = 0;
        }
    }
    return st;
}
