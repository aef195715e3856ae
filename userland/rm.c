/* rm: remove files (-r: directories and what they hold; -f: no complaint
 * about missing files, no error status for them). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool opt_force, opt_recursive;

static int rm_path(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0) {
        if (opt_force && errno == ENOENT)
            return 0;
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!opt_recursive) {
            fprintf(stderr, "rm: %s: is a directory\n", path);
            return 1;
        }
        DIR *d = opendir(path);
        if (!d) {
            fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
            return 1;
        }
        /* names first, removal after: removing while reading may skip entries */
        char **names = NULL;
        size_t n = 0, cap = 0;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 16;
                char **nn = realloc(names, cap * sizeof(char *));
                if (!nn)
                    break;
                names = nn;
            }
            size_t len = strlen(path) + strlen(e->d_name) + 2;
            names[n] = malloc(len);
            if (!names[n])
                break;
            snprintf(names[n], len, "%s/%s", path, e->d_name);
            n++;
        }
        closedir(d);
        int st = 0;
        for (size_t i = 0; i < n; i++) {
            st |= rm_path(names[i]);
            free(names[i]);
        }
        free(names);
        if (rmdir(path) < 0) {
            fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
            return 1;
        }
        return st;
    }
    if (unlink(path) < 0) {
        fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "frRi")) != -1) {
        switch (c) {
        case 'f': opt_force = true; break;
        case 'r':
        case 'R': opt_recursive = true; break;
        case 'i': break;
        default:
            fprintf(stderr, "usage: rm [-rf] file...\n");
            return 2;
        }
    }
    if (optind >= argc) {
        if (opt_force)
            return 0;
        fprintf(stderr, "usage: rm [-rf] file...\n");
        return 2;
    }
    int st = 0;
    for (int i = optind; i < argc; i++) {
        const char *base = strrchr(argv[i], '/');
        base = base ? base + 1 : argv[i];
        if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
            fprintf(stderr, "rm: refusing to remove '%s'\n", argv[i]);
            st = 1;
            continue;
        }
        st |= rm_path(argv[i]);
    }
    return st;
}
