/* uname: print system information. */
#include <stdbool.h>
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    bool s = false, n = false, r = false, v = false, m = false;
    int c;
    while ((c = getopt(argc, argv, "asnrvm")) != -1) {
        switch (c) {
        case 'a': s = n = r = v = m = true; break;
        case 's': s = true; break;
        case 'n': n = true; break;
        case 'r': r = true; break;
        case 'v': v = true; break;
        case 'm': m = true; break;
        default:
            fprintf(stderr, "usage: uname [-asnrvm]\n");
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "usage: uname [-asnrvm]\n");
        return 2;
    }
    if (!(s || n || r || v || m))
        s = true;
    struct utsname u;
    if (uname(&u) < 0) {
        perror("uname");
        return 1;
    }
    const char *fields[5] = { s ? u.sysname : NULL, n ? u.nodename : NULL, r ? u.release : NULL,
                              v ? u.version : NULL, m ? u.machine : NULL };
    bool first = true;
    for (int i = 0; i < 5; i++) {
        if (!fields[i])
            continue;
        printf("%s%s", first ? "" : " ", fields[i]);
        first = false;
    }
    putchar('\n');
    return 0;
}
