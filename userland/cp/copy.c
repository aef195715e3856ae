/* Copying files and trees: regular files by their bytes, directories by
 * recursion, symbolic links as links. The copy gets the source's mode. */
#include "copy.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

char *copy_target_in(const char *dir, const char *src)
{
    size_t n = strlen(src);
    while (n > 1 && src[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && src[b - 1] != '/')
        b--;
    size_t dl = strlen(dir);
    char *out = malloc(dl + (n - b) + 2);
    if (!out)
        return NULL;
    memcpy(out, dir, dl);
    size_t k = dl;
    if (k == 0 || out[k - 1] != '/')
        out[k++] = '/';
    memcpy(out + k, src + b, n - b);
    out[k + n - b] = 0;
    return out;
}

int copy_each_source(const char *prog, int first, int argc, char **argv,
                     int (*one)(const char *src, const char *dst, void *ctx), void *ctx)
{
    int n = argc - first;
    const char *last = argv[argc - 1];
    struct stat st;
    bool into_dir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
    if (n > 2 && !into_dir) {
        fprintf(stderr, "%s: %s: not a directory\n", prog, last);
        return 1;
    }
    int rc = 0;
    for (int i = first; i < argc - 1; i++) {
        if (into_dir) {
            char *t = copy_target_in(last, argv[i]);
            if (!t)
                return 1;
            rc |= one(argv[i], t, ctx);
            free(t);
        } else {
            rc |= one(argv[i], last, ctx);
        }
    }
    return rc;
}

static int copy_file(const char *src, const char *dst, const struct stat *st, const struct copy_options *o)
{
    int in = open(src, O_RDONLY);
    if (in < 0) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, src, strerror(errno));
        return 1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 07777);
    if (out < 0) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, dst, strerror(errno));
        close(in);
        return 1;
    }
    static char buf[32768];
    int rc = 0;
    for (;;) {
        ssize_t n = read(in, buf, sizeof(buf));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            fprintf(stderr, "%s: %s: %s\n", o->prog, src, strerror(errno));
            rc = 1;
            break;
        }
        if (n == 0)
            break;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                fprintf(stderr, "%s: %s: %s\n", o->prog, dst, strerror(errno));
                rc = 1;
                goto done;
            }
            off += w;
        }
    }
done:
    close(in);
    fchmod(out, st->st_mode & 07777);
    if (o->preserve) {
        struct timespec times[2] = { st->st_atim, st->st_mtim };
        futimens(out, times);
        fchown(out, st->st_uid, st->st_gid);
    }
    if (close(out) < 0 && !rc) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, dst, strerror(errno));
        rc = 1;
    }
    return rc;
}

static int copy_dir(const char *src, const char *dst, const struct stat *st, const struct copy_options *o)
{
    if (mkdir(dst, (st->st_mode & 07777) | 0700) < 0 && errno != EEXIST) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, dst, strerror(errno));
        return 1;
    }
    DIR *d = opendir(src);
    if (!d) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, src, strerror(errno));
        return 1;
    }
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t ls = strlen(src) + strlen(e->d_name) + 2, ld = strlen(dst) + strlen(e->d_name) + 2;
        char *s = malloc(ls), *t = malloc(ld);
        if (!s || !t) {
            free(s);
            free(t);
            rc = 1;
            break;
        }
        snprintf(s, ls, "%s/%s", src, e->d_name);
        snprintf(t, ld, "%s/%s", dst, e->d_name);
        rc |= copy_path(s, t, o);
        free(s);
        free(t);
    }
    closedir(d);
    chmod(dst, st->st_mode & 07777);
    return rc;
}

int copy_path(const char *src, const char *dst, const struct copy_options *o)
{
    struct stat st, dst_st;
    if (lstat(src, &st) < 0) {
        fprintf(stderr, "%s: %s: %s\n", o->prog, src, strerror(errno));
        return 1;
    }
    if (stat(dst, &dst_st) == 0 && dst_st.st_dev == st.st_dev && dst_st.st_ino == st.st_ino) {
        fprintf(stderr, "%s: '%s' and '%s' are the same file\n", o->prog, src, dst);
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        if (!o->recursive) {
            fprintf(stderr, "%s: %s: is a directory (not copied; use -r)\n", o->prog, src);
            return 1;
        }
        /* copying a directory into itself would never end */
        size_t sl = strlen(src);
        if (strncmp(dst, src, sl) == 0 && dst[sl] == '/') {
            fprintf(stderr, "%s: cannot copy '%s' into itself\n", o->prog, src);
            return 1;
        }
        return copy_dir(src, dst, &st, o);
    }
    if (S_ISLNK(st.st_mode)) {
        char target[4096];
        ssize_t n = readlink(src, target, sizeof(target) - 1);
        if (n < 0) {
            fprintf(stderr, "%s: %s: %s\n", o->prog, src, strerror(errno));
            return 1;
        }
        target[n] = 0;
        unlink(dst);
        if (symlink(target, dst) < 0) {
            fprintf(stderr, "%s: %s: %s\n", o->prog, dst, strerror(errno));
            return 1;
        }
        return 0;
    }
    return copy_file(src, dst, &st, o);
}
