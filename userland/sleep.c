/* sleep: wait for a number of seconds (fractions allowed). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sleep seconds\n");
        return 2;
    }
    /* parsed by hand: whole seconds and up to nine digits of fraction */
    const char *p = argv[1];
    long long sec = 0, nsec = 0;
    int digits = 0;
    if (!*p)
        goto bad;
    while (*p >= '0' && *p <= '9') {
        sec = sec * 10 + (*p++ - '0');
        digits++;
        if (sec > 100000000)
            goto bad;
    }
    if (*p == '.') {
        p++;
        long long scale = 100000000;
        while (*p >= '0' && *p <= '9') {
            nsec += (*p++ - '0') * scale;
            scale /= 10;
            digits++;
        }
    }
    if (*p || digits == 0)
        goto bad;
    struct timespec req = { .tv_sec = (time_t)sec, .tv_nsec = (long)nsec }, rem;
    while (nanosleep(&req, &rem) < 0) {
        if (errno != EINTR) {
            perror("sleep");
            return 1;
        }
        req = rem;
    }
    return 0;
bad:
    fprintf(stderr, "sleep: invalid time interval '%s'\n", argv[1]);
    return 1;
}
