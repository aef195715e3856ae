/* ps: list processes from /proc/all. The file's first line names its
 * tab-separated columns, so columns are found by name, not position. */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PS_MAX_COLS 32
#define PS_TICKS_PER_SECOND 1000

static int ps_split(char *line, char **cols, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        cols[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = 0;
        p = tab + 1;
    }
    return n;
}

static int ps_find(char **names, int n, const char *want)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], want) == 0)
            return i;
    return -1;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "-e") != 0 && strcmp(argv[1], "-A") != 0 && strcmp(argv[1], "aux") != 0) {
        fprintf(stderr, "usage: ps [-e]\n");
        return 2;
    }
    FILE *f = fopen("/proc/all", "r");
    if (!f) {
        fprintf(stderr, "ps: cannot read /proc/all: %s (is /proc mounted?)\n", strerror(errno));
        return 1;
    }
    char *header = NULL, *line = NULL;
    size_t hcap = 0, cap = 0;
    if (getline(&header, &hcap, f) < 0) {
        fprintf(stderr, "ps: /proc/all is empty\n");
        return 1;
    }
    header[strcspn(header, "\n")] = 0;
    char *names[PS_MAX_COLS];
    int ncols = ps_split(header, names, PS_MAX_COLS);
    int c_pid = ps_find(names, ncols, "pid"), c_ppid = ps_find(names, ncols, "ppid");
    int c_pgid = ps_find(names, ncols, "pgid"), c_uid = ps_find(names, ncols, "uid");
    int c_state = ps_find(names, ncols, "state"), c_name = ps_find(names, ncols, "name");
    int c_tu = ps_find(names, ncols, "ticks_user"), c_tk = ps_find(names, ncols, "ticks_kernel");
    if (c_pid < 0 || c_name < 0) {
        fprintf(stderr, "ps: /proc/all has no pid or name column\n");
        return 1;
    }
    printf("%5s %5s %5s %-8s %-8s %8s %s\n", "PID", "PPID", "PGID", "USER", "STATE", "TIME", "COMMAND");
    while (getline(&line, &cap, f) >= 0) {
        line[strcspn(line, "\n")] = 0;
        char *cols[PS_MAX_COLS];
        /* the name is last and may hold tabs of its own: split only so far */
        int n = ps_split(line, cols, ncols);
        if (n < ncols)
            continue;
        const char *user = "?";
        char ubuf[16];
        if (c_uid >= 0) {
            struct passwd *pw = getpwuid((uid_t)strtoul(cols[c_uid], NULL, 10));
            if (pw) {
                user = pw->pw_name;
            } else {
                snprintf(ubuf, sizeof(ubuf), "%s", cols[c_uid]);
                user = ubuf;
            }
        }
        unsigned long long ticks = 0;
        if (c_tu >= 0)
            ticks += strtoull(cols[c_tu], NULL, 10);
        if (c_tk >= 0)
            ticks += strtoull(cols[c_tk], NULL, 10);
        unsigned long long secs = ticks / PS_TICKS_PER_SECOND;
        char tbuf[24];
        snprintf(tbuf, sizeof(tbuf), "%llu:%02llu", secs / 60, secs % 60);
        printf("%5s %5s %5s %-8s %-8s %8s %s\n", cols[c_pid], c_ppid >= 0 ? cols[c_ppid] : "-",
               c_pgid >= 0 ? cols[c_pgid] : "-", user, c_state >= 0 ? cols[c_state] : "-", tbuf, cols[c_name]);
    }
    free(line);
    free(header);
    fclose(f);
    return 0;
}
