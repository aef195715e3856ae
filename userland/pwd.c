/* pwd: print the working directory. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-L") != 0 && strcmp(argv[i], "-P") != 0) {
            fprintf(stderr, "usage: pwd [-L|-P]\n");
            return 2;
        }
    }
    char buf[PATH_MAX];
    if (!getcwd(buf, sizeof(buf))) {
        fprintf(stderr, "pwd: %s\n", strerror(errno));
        return 1;
    }
    puts(buf);
    return 0;
}
