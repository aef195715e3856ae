/* stat: show what the file system knows about files (-L follows links). */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "include/mode_string.h"

static const char *stat_type(mode_t m)
{
    if (S_ISREG(m)) return "regular file";
    if (S_ISDIR(m)) return "directory";
    if (S_ISLNK(m)) return "symbolic link";
    if (S_ISCHR(m)) return "character device";
    if (S_ISBLK(m)) return "block device";
    if (S_ISFIFO(m)) return "fifo";
    if (S_ISSOCK(m)) return "socket";
    return "unknown";
}

static void stat_time(const char *label, const struct timespec *ts)
{
    char buf[64];
    time_t t = ts->tv_sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    printf("%s: %s.%09ld UTC\n", label, buf, (long)ts->tv_nsec);
}

int main(int argc, char **argv)
{
    bool follow = false;
    int c;
    while ((c = getopt(argc, argv, "L")) != -1) {
        if (c == 'L') {
            follow = true;
        } else {
            fprintf(stderr, "usage: stat [-L] file...\n");
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "usage: stat [-L] file...\n");
        return 2;
    }
    int rc = 0;
    for (int i = optind; i < argc; i++) {
        struct stat st;
        if ((follow ? stat(argv[i], &st) : lstat(argv[i], &st)) < 0) {
            fprintf(stderr, "stat: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
            continue;
        }
        char mode[11];
        mode_string(st.st_mode, mode);
        printf("  File: %s", argv[i]);
        if (S_ISLNK(st.st_mode)) {
            char target[1024];
            ssize_t n = readlink(argv[i], target, sizeof(target) - 1);
            if (n >= 0) {
                target[n] = 0;
                printf(" -> %s", target);
            }
        }
        printf("\n  Size: %-12lld Blocks: %-8lld IO Block: %-6ld %s\n", (long long)st.st_size,
               (long long)st.st_blocks, (long)st.st_blksize, stat_type(st.st_mode));
        printf("Device: %lu  Inode: %llu  Links: %lu", (unsigned long)st.st_dev,
               (unsigned long long)st.st_ino, (unsigned long)st.st_nlink);
        if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
            printf("  Device type: %lu", (unsigned long)st.st_rdev);
        struct passwd *pw = getpwuid(st.st_uid);
        struct group *gr = getgrgid(st.st_gid);
        printf("\nAccess: (%04o/%s)  Uid: (%u/%s)  Gid: (%u/%s)\n", (unsigned)(st.st_mode & 07777), mode,
               (unsigned)st.st_uid, pw ? pw->pw_name : "?", (unsigned)st.st_gid, gr ? gr->gr_name : "?");
        stat_time("Access", &st.st_atim);
        stat_time("Modify", &st.st_mtim);
        stat_time("Change", &st.st_ctim);
    }
    return rc;
}
