/* date: the current time (UTC), in the default format or +FORMAT for
 * strftime; -u is accepted (there is no other zone). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    const char *fmt = "%a %b %e %H:%M:%S UTC %Y";
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '+') {
            fmt = argv[i] + 1;
        } else if (strcmp(argv[i], "-u") != 0) {
            fprintf(stderr, "usage: date [-u] [+format]\n");
            return 2;
        }
    }
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0) {
        fprintf(stderr, "date: %s\n", strerror(errno));
        return 1;
    }
    time_t t = ts.tv_sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    char buf[512];
    size_t n = strftime(buf, sizeof(buf), fmt, &tm);
    if (n == 0 && *fmt) {
        fprintf(stderr, "date: the format gives nothing or is too long\n");
        return 1;
    }
    puts(buf);
    return 0;
}
