/* mkdir: make directories (-p: with their parents, no error if present;
 * -m: with this octal mode). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int mkdir_parents(char *path, mode_t mode)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        struct stat st;
        if (mkdir(path, 0777) < 0 && (errno != EEXIST || stat(path, &st) < 0 || !S_ISDIR(st.st_mode))) {
            if (errno == EEXIST)
                errno = ENOTDIR;
            fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
            *p = '/';
            return 1;
        }
        *p = '/';
    }
    struct stat st;
    if (mkdir(path, mode) < 0) {
        if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        fprintf(stderr, "mkdir: %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    bool parents = false;
    mode_t mode = 0777;
    int c;
    while ((c = getopt(argc, argv, "pm:")) != -1) {
        if (c == 'p') {
            parents = true;
        } else if (c == 'm') {
            char *end;
            unsigned long m = strtoul(optarg, &end, 8);
            if (!*optarg || *end || m > 07777) {
                fprintf(stderr, "mkdir: invalid mode '%s'\n", optarg);
                return 1;
            }
            mode = (mode_t)m;
        } else {
            fprintf(stderr, "usage: mkdir [-p] [-m mode] directory...\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: mkdir [-p] [-m mode] directory...\n");
        return 2;
    }
    int st = 0;
    for (int i = optind; i < argc; i++) {
        if (parents) {
            st |= mkdir_parents(argv[i], mode);
        } else if (mkdir(argv[i], mode) < 0) {
            fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
            st = 1;
        }
        if (mode != 0777 && st == 0)
            chmod(argv[i], mode);
    }
    return st;
}
