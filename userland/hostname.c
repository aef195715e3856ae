/* hostname: print or set the host name. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
        fprintf(stderr, "usage: hostname [name]\n");
        return 2;
    }
    if (argc == 2) {
        if (sethostname(argv[1], strlen(argv[1])) < 0) {
            fprintf(stderr, "hostname: %s\n", strerror(errno));
            return 1;
        }
        return 0;
    }
    char name[256];
    if (gethostname(name, sizeof(name)) < 0) {
        fprintf(stderr, "hostname: %s\n", strerror(errno));
        return 1;
    }
    name[sizeof(name) - 1] = 0;
    puts(name);
    return 0;
}
