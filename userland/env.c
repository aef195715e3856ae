/* env: run a command in a changed environment, or print the environment.
 *   env [-i] [-u name] [name=value...] [command [arg...]] */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

static void usage(void)
{
    fprintf(stderr, "usage: env [-i] [-u name] [name=value...] [command [arg...]]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int i = 1;
    static char *empty[] = { NULL };
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0) {
            environ = empty;
        } else if (strcmp(argv[i], "-u") == 0) {
            if (++i >= argc)
                usage();
            unsetenv(argv[i]);
        } else if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        } else {
            fprintf(stderr, "env: unknown option %s\n", argv[i]);
            usage();
        }
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        char *eq = strchr(argv[i], '=');
        *eq = 0;
        if (setenv(argv[i], eq + 1, 1) < 0) {
            fprintf(stderr, "env: cannot set %s: %s\n", argv[i], strerror(errno));
            return 1;
        }
        *eq = '=';
    }
    if (i >= argc) {
        for (char **e = environ; e && *e; e++)
            puts(*e);
        return 0;
    }
    execvp(argv[i], argv + i);
    int err = errno;
    fprintf(stderr, "env: %s: %s\n", argv[i], strerror(err));
    return err == ENOENT ? 127 : 126;
}
