/* ls: list directories and files, sorted by name.
 *   -l long format, -a show dot files, -1 one per line, -d directories
 *   themselves, -F mark types. On a terminal names go in columns. */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "include/mode_string.h"

static bool opt_long, opt_all, opt_one, opt_dir, opt_classify;

struct ls_entry {
    char *name;      /* as shown */
    char *path;      /* to stat and readlink */
    struct stat st;
    bool have_stat;
};

static int ls_cmp(const void *a, const void *b)
{
    return strcmp(((const struct ls_entry *)a)->name, ((const struct ls_entry *)b)->name);
}

static const char *ls_user(uid_t uid, char *buf, size_t n)
{
    struct passwd *pw = getpwuid(uid);
    if (pw)
        return pw->pw_name;
    snprintf(buf, n, "%u", (unsigned)uid);
    return buf;
}

static const char *ls_group(gid_t gid, char *buf, size_t n)
{
    struct group *gr = getgrgid(gid);
    if (gr)
        return gr->gr_name;
    snprintf(buf, n, "%u", (unsigned)gid);
    return buf;
}

static char ls_class(mode_t m)
{
    if (S_ISDIR(m)) return '/';
    if (S_ISLNK(m)) return '@';
    if (S_ISFIFO(m)) return '|';
    if (S_ISSOCK(m)) return '=';
    if (m & 0111) return '*';
    return 0;
}

static void ls_print_long(struct ls_entry *e, size_t n)
{
    int wlinks = 1, wsize = 1, wuser = 1, wgroup = 1;
    char ub[16], gb[16], num[32];
    for (size_t i = 0; i < n; i++) {
        if (!e[i].have_stat)
            continue;
        int w = snprintf(num, sizeof(num), "%lu", (unsigned long)e[i].st.st_nlink);
        if (w > wlinks) wlinks = w;
        w = snprintf(num, sizeof(num), "%lld", (long long)e[i].st.st_size);
        if (S_ISCHR(e[i].st.st_mode) || S_ISBLK(e[i].st.st_mode))
            w = snprintf(num, sizeof(num), "%u, %u", (unsigned)(e[i].st.st_rdev >> 8) & 0xff,
                         (unsigned)e[i].st.st_rdev & 0xff);
        if (w > wsize) wsize = w;
        w = (int)strlen(ls_user(e[i].st.st_uid, ub, sizeof(ub)));
        if (w > wuser) wuser = w;
        w = (int)strlen(ls_group(e[i].st.st_gid, gb, sizeof(gb)));
        if (w > wgroup) wgroup = w;
    }
    time_t now = time(NULL);
    for (size_t i = 0; i < n; i++) {
        if (!e[i].have_stat)
            continue;
        const struct stat *st = &e[i].st;
        char mode[11], when[32];
        mode_string(st->st_mode, mode);
        struct tm tm;
        time_t t = st->st_mtim.tv_sec;
        gmtime_r(&t, &tm);
        /* recent files show the time of day, old ones the year */
        bool recent = t <= now + 3600 && now - t < 180LL * 24 * 3600;
        strftime(when, sizeof(when), recent ? "%b %e %H:%M" : "%b %e  %Y", &tm);
        if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode))
            snprintf(num, sizeof(num), "%u, %u", (unsigned)(st->st_rdev >> 8) & 0xff,
                     (unsigned)st->st_rdev & 0xff);
        else
            snprintf(num, sizeof(num), "%lld", (long long)st->st_size);
        printf("%s %*lu %-*s %-*s %*s %s %s", mode, wlinks, (unsigned long)st->st_nlink, wuser,
               ls_user(st->st_uid, ub, sizeof(ub)), wgroup, ls_group(st->st_gid, gb, sizeof(gb)), wsize, num,
               when, e[i].name);
        if (S_ISLNK(st->st_mode)) {
            char target[1024];
            ssize_t len = readlink(e[i].path, target, sizeof(target) - 1);
            if (len >= 0) {
                target[len] = 0;
                printf(" -> %s", target);
            }
        } else if (opt_classify && ls_class(st->st_mode)) {
            putchar(ls_class(st->st_mode));
        }
        putchar('\n');
    }
}

static void ls_print_names(struct ls_entry *e, size_t n)
{
    int width = 0;
    if (!opt_one && isatty(STDOUT_FILENO)) {
        struct winsize ws;
        width = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
    }
    size_t longest = 1;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(e[i].name) + (opt_classify ? 1 : 0);
        if (l > longest)
            longest = l;
    }
    size_t colw = longest + 2;
    size_t cols = width ? (size_t)width / colw : 1;
    if (cols < 1)
        cols = 1;
    size_t rows = (n + cols - 1) / cols;
    for (size_t r = 0; r < rows; r++) {
        for (size_t c = 0; c < cols; c++) {
            size_t i = c * rows + r;
            if (i >= n)
                break;
            char mark = opt_classify && e[i].have_stat ? ls_class(e[i].st.st_mode) : 0;
            int len = printf("%s", e[i].name);
            if (mark)
                putchar(mark), len++;
            bool last = c + 1 == cols || (c + 1) * rows + r >= n;
            if (!last)
                printf("%*s", (int)(colw - (size_t)len), "");
        }
        putchar('\n');
    }
}

static void ls_print(struct ls_entry *e, size_t n)
{
    qsort(e, n, sizeof(*e), ls_cmp);
    if (opt_long)
        ls_print_long(e, n);
    else
        ls_print_names(e, n);
}

static void ls_free(struct ls_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(e[i].name);
        free(e[i].path);
    }
    free(e);
}

static int ls_dir(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    struct ls_entry *e = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' && !opt_all)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            struct ls_entry *ne = realloc(e, cap * sizeof(*e));
            if (!ne) {
                rc = 1;
                break;
            }
            e = ne;
        }
        size_t len = strlen(path) + strlen(de->d_name) + 2;
        e[n].name = malloc(strlen(de->d_name) + 1);
        e[n].path = malloc(len);
        if (!e[n].name || !e[n].path) {
            rc = 1;
            break;
        }
        strcpy(e[n].name, de->d_name);
        snprintf(e[n].path, len, "%s/%s", path, de->d_name);
        e[n].have_stat = true;
        if ((opt_long || opt_classify) && lstat(e[n].path, &e[n].st) < 0) {
            fprintf(stderr, "ls: %s: %s\n", e[n].path, strerror(errno));
            e[n].have_stat = false;
            rc = 1;
        }
        n++;
    }
    closedir(d);
    if (opt_long) {
        unsigned long long blocks = 0;
        for (size_t i = 0; i < n; i++)
            if (e[i].have_stat)
                blocks += (unsigned long long)e[i].st.st_blocks;
        printf("total %llu\n", blocks / 2);
    }
    ls_print(e, n);
    ls_free(e, n);
    return rc;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "la1dFA")) != -1) {
        switch (c) {
        case 'l': opt_long = true; break;
        case 'a':
        case 'A': opt_all = true; break;
        case '1': opt_one = true; break;
        case 'd': opt_dir = true; break;
        case 'F': opt_classify = true; break;
        default:
            fprintf(stderr, "usage: ls [-la1dF] [file...]\n");
            return 2;
        }
    }
    static char *dot[] = { ".", NULL };
    char **args = optind < argc ? argv + optind : dot;
    int nargs = optind < argc ? argc - optind : 1;
    int rc = 0;
    /* files named on the command line come first, then each directory */
    struct ls_entry *files = calloc((size_t)nargs + 1, sizeof(*files));
    struct ls_entry *dirs = calloc((size_t)nargs + 1, sizeof(*dirs));
    size_t nfiles = 0, ndirs = 0;
    if (!files || !dirs)
        return 1;
    for (int i = 0; i < nargs; i++) {
        struct stat st;
        if (lstat(args[i], &st) < 0) {
            fprintf(stderr, "ls: %s: %s\n", args[i], strerror(errno));
            rc = 1;
            continue;
        }
        struct stat target;
        bool is_dir = S_ISDIR(st.st_mode) ||
                      (S_ISLNK(st.st_mode) && !opt_long && stat(args[i], &target) == 0 && S_ISDIR(target.st_mode));
        struct ls_entry *e = is_dir && !opt_dir ? &dirs[ndirs++] : &files[nfiles++];
        e->name = malloc(strlen(args[i]) + 1);
        e->path = malloc(strlen(args[i]) + 1);
        if (!e->name || !e->path)
            return 1;
        strcpy(e->name, args[i]);
        strcpy(e->path, args[i]);
        e->st = st;
        e->have_stat = true;
    }
    if (nfiles)
        ls_print(files, nfiles);
    qsort(dirs, ndirs, sizeof(*dirs), ls_cmp);
    for (size_t i = 0; i < ndirs; i++) {
        if (nargs > 1)
            printf("%s%s:\n", (nfiles || i) ? "\n" : "", dirs[i].name);
        rc |= ls_dir(dirs[i].path);
    }
    ls_free(files, nfiles);
    ls_free(dirs, ndirs);
    return rc;
}
