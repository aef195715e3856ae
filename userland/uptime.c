/* uptime: how long the system has been up, from /proc/uptime. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc > 1) {
        fprintf(stderr, "usage: %s\n", argv[0]);
        return 2;
    }
    FILE *f = fopen("/proc/uptime", "r");
    if (!f) {
        fprintf(stderr, "uptime: cannot read /proc/uptime: %s (is /proc mounted?)\n", strerror(errno));
        return 1;
    }
    unsigned long long secs = 0;
    if (fscanf(f, "%llu", &secs) != 1) {
        fprintf(stderr, "uptime: /proc/uptime: unexpected contents\n");
        fclose(f);
        return 1;
    }
    fclose(f);
    unsigned long long days = secs / 86400, h = secs / 3600 % 24, m = secs / 60 % 60, s = secs % 60;
    printf("up ");
    if (days)
        printf("%llu day%s, ", days, days == 1 ? "" : "s");
    printf("%02llu:%02llu:%02llu\n", h, m, s);
    return 0;
}
