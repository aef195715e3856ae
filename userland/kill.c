/* kill: send a signal to processes (or process groups, as negative ids).
 *   kill [-SIGNAL | -s SIGNAL | -n number] pid...     kill -l [status] */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    int sig;
} kill_signals[] = {
    { "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT }, { "ILL", SIGILL },
    { "TRAP", SIGTRAP }, { "ABRT", SIGABRT }, { "BUS", SIGBUS },   { "FPE", SIGFPE },
    { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV }, { "USR2", SIGUSR2 },
    { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM }, { "CHLD", SIGCHLD },
    { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP }, { "TTIN", SIGTTIN },
    { "TTOU", SIGTTOU }, { "URG", SIGURG },   { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
    { "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH }, { "IO", SIGIO },
    { "PWR", SIGPWR },   { "SYS", SIGSYS },
};
#define KILL_NSIGNALS (sizeof(kill_signals) / sizeof(kill_signals[0]))

static void usage(void)
{
    fprintf(stderr, "usage: kill [-SIGNAL | -s SIGNAL] pid...\n       kill -l [status]\n");
    exit(2);
}

static int signal_by_name(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s && !*end)
        return v >= 0 && v < 64 ? (int)v : -1;
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (size_t i = 0; i < KILL_NSIGNALS; i++)
        if (strcasecmp(s, kill_signals[i].name) == 0)
            return kill_signals[i].sig;
    return -1;
}

static const char *signal_name(int sig)
{
    for (size_t i = 0; i < KILL_NSIGNALS; i++)
        if (kill_signals[i].sig == sig)
            return kill_signals[i].name;
    return NULL;
}

int main(int argc, char **argv)
{
    int sig = SIGTERM, i = 1;
    if (argc < 2)
        usage();
    if (strcmp(argv[1], "-l") == 0 || strcmp(argv[1], "-L") == 0) {
        if (argc == 3) {
            char *end;
            long v = strtol(argv[2], &end, 10);
            const char *name = *end ? NULL : signal_name(v > 128 ? (int)v - 128 : (int)v);
            if (!name) {
                fprintf(stderr, "kill: %s: unknown signal\n", argv[2]);
                return 1;
            }
            puts(name);
            return 0;
        }
        for (size_t k = 0; k < KILL_NSIGNALS; k++)
            printf("%2d) SIG%s\n", kill_signals[k].sig, kill_signals[k].name);
        return 0;
    }
    if (argv[1][0] == '-' && argv[1][1]) {
        const char *spec = argv[1] + 1;
        if (strcmp(argv[1], "--") == 0) {
            i = 2;
        } else {
            if (strcmp(argv[1], "-s") == 0 || strcmp(argv[1], "-n") == 0) {
                if (argc < 3)
                    usage();
                spec = argv[2];
                i = 3;
            } else {
                i = 2;
            }
            sig = signal_by_name(spec);
            if (sig < 0) {
                fprintf(stderr, "kill: %s: unknown signal\n", spec);
                return 2;
            }
        }
    }
    if (i >= argc)
        usage();
    int st = 0;
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (!argv[i][0] || *end) {
            fprintf(stderr, "kill: %s: not a process id\n", argv[i]);
            st = 1;
            continue;
        }
        if (kill((pid_t)pid, sig) < 0) {
            fprintf(stderr, "kill: (%ld): %s\n", pid, strerror(errno));
            st = 1;
        }
    }
    return st;
}
