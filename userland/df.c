/* df: space on every mounted file system (from /proc/mounts), or on those
 * holding the given files. -h prints sizes in K, M, G. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

static bool opt_human;

static void df_size(char *out, size_t n, unsigned long long kib)
{
    if (!opt_human) {
        snprintf(out, n, "%llu", kib);
        return;
    }
    const char *units = "KMGT";
    double v = (double)kib;
    int u = 0;
    while (v >= 1024 && u < 3) {
        v /= 1024;
        u++;
    }
    snprintf(out, n, v < 10 ? "%.1f%c" : "%.0f%c", v, units[u]);
}

static int df_one(const char *dev, const char *dir)
{
    struct statvfs s;
    if (statvfs(dir, &s) < 0) {
        fprintf(stderr, "df: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    unsigned long long unit = s.f_frsize ? s.f_frsize : s.f_bsize;
    unsigned long long total = (unsigned long long)s.f_blocks * unit / 1024;
    unsigned long long avail = (unsigned long long)s.f_bavail * unit / 1024;
    unsigned long long used = ((unsigned long long)s.f_blocks - s.f_bfree) * unit / 1024;
    char t[32], u[32], a[32];
    df_size(t, sizeof(t), total);
    df_size(u, sizeof(u), used);
    df_size(a, sizeof(a), avail);
    unsigned pct = total ? (unsigned)((used * 100 + total - 1) / total) : 0;
    printf("%-16s %10s %10s %10s %4u%% %s\n", dev, t, u, a, pct, dir);
    return 0;
}

int main(int argc, char **argv)
{
    int c;
    while ((c = getopt(argc, argv, "hk")) != -1) {
        if (c == 'h') {
            opt_human = true;
        } else if (c != 'k') {
            fprintf(stderr, "usage: df [-hk] [file...]\n");
            return 2;
        }
    }
    printf("%-16s %10s %10s %10s %5s %s\n", "Filesystem", opt_human ? "Size" : "1K-blocks", "Used", "Available",
           "Use%", "Mounted on");
    int rc = 0;
    if (optind < argc) {
        for (int i = optind; i < argc; i++)
            rc |= df_one("-", argv[i]);
        return rc;
    }
    FILE *f = fopen("/proc/mounts", "r");
    if (!f) {
        fprintf(stderr, "df: cannot read /proc/mounts: %s (is /proc mounted?)\n", strerror(errno));
        return 1;
    }
    char line[512];
    while (fgets(line, sizeof(line), f)) {
        char dev[128], dir[256];
        if (sscanf(line, "%127s %255s", dev, dir) == 2)
            rc |= df_one(dev, dir);
    }
    fclose(f);
    return rc;
}
