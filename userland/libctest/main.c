/* libctest: exercises libc against the running kernel. Every test runs in
 * a forked child, killed if it outlives its time limit; results go to the
 * kernel's /dev/tap when it exists (the in-guest test run counts them there),
 * else to stdout in TAP form. Exits 0 only if every test passed.
 *
 *   libctest            run everything
 *   libctest NAME...    run the tests whose names start with one of NAMEs
 *   libctest --echo ... print the arguments and environment (for exec tests)
 * Started as init (init=/bin/libctest: pid 1) it powers the machine
 * off when done. */
#include <errno.h>
#include <fcntl.h>
#include <kestrel.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "libctest.h"

#define TEST_TIME_LIMIT 20 /* seconds */

int check_failures;
char scratch_dir[64];
static int tap_fd = -1;

void check_failed(const char *what, const char *file, int line)
{
    check_failures++;
    printf("#   %s:%d: check failed: %s (errno %d: %s)\n", file, line, what, errno,
           strerror(errno));
    fflush(stdout);
}

/* A program started as init has no descriptors: use the console. */
static void ensure_std_fds(void)
{
    if (fcntl(STDOUT_FILENO, F_GETFD) >= 0)
        return;
    int fd = open("/dev/console", O_RDWR);
    if (fd < 0)
        return;
    for (int i = 0; i < 3; i++) {
        if (fd != i)
            dup2(fd, i);
    }
    if (fd > 2)
        close(fd);
}

static int selected(const char *name, int argc, char **argv)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (strncmp(name, argv[i], strlen(argv[i])) == 0)
            return 1;
    }
    return 0;
}

static int run_one(const struct libc_test *t, int number)
{
    fflush(stdout);
    int ok;
    char why[64] = "";
    pid_t pid = fork();
    if (pid == 0) {
        check_failures = 0;
        t->run();
        fflush(stdout);
        _exit(check_failures ? 1 : 0);
    }
    if (pid < 0) {
        /* No fork: run it here, unprotected. */
        check_failures = 0;
        t->run();
        ok = check_failures == 0;
    } else {
        /* Polled rather than blocking, so that a hung test cannot hang us. */
        int status = 0, waited_ms = 0;
        pid_t r;
        while ((r = waitpid(pid, &status, WNOHANG)) == 0 && waited_ms < TEST_TIME_LIMIT * 1000) {
            usleep(10000);
            waited_ms += 10;
        }
        if (r == 0) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            snprintf(why, sizeof(why), " # timed out after %d s", TEST_TIME_LIMIT);
            status = -1;
        }
        ok = status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (status != -1 && WIFSIGNALED(status))
            snprintf(why, sizeof(why), " # killed by signal %d (%s)", WTERMSIG(status),
                     strsignal(WTERMSIG(status)));
    }
    /* With /dev/tap the kernel numbers the results in its own TAP stream,
     * which shares the console: a second TAP stream there would confuse
     * whoever reads it, so only a diagnostic goes to stdout then. */
    if (tap_fd >= 0) {
        dprintf(tap_fd, "%s libc/%s\n", ok ? "ok" : "not ok", t->name);
        if (!ok)
            printf("# libc/%s failed%s\n", t->name, why);
    } else {
        printf("%s %d - libc/%s%s\n", ok ? "ok" : "not ok", number, t->name, why);
    }
    fflush(stdout);
    return ok;
}

/* The helper mode exec tests use: prints its arguments and environment. */
static int echo(int argc, char **argv)
{
    for (int i = 2; i < argc; i++)
        printf("%s ", argv[i]);
    for (char **e = environ; *e; e++)
        printf("%s", *e);
    printf("\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--echo") == 0)
        return echo(argc, argv);
    ensure_std_fds();
    tap_fd = open("/dev/tap", O_WRONLY | O_CLOEXEC);
    snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/libctest.%d", (int)getpid());
    if (mkdir(scratch_dir, 0755) < 0)
        printf("# cannot make %s: %s\n", scratch_dir, strerror(errno));

    const struct libc_test *groups[] = { stdio_tests, process_tests, thread_tests,
                                         fs_tests, misc_tests };
    int number = 0, failed = 0;
    for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
        for (const struct libc_test *t = groups[g]; t->name; t++) {
            if (!selected(t->name, argc, argv))
                continue;
            number++;
            if (!run_one(t, number))
                failed++;
        }
    }
    if (tap_fd < 0)
        printf("1..%d\n", number);
    printf("# libctest: %d of %d tests failed\n", failed, number);
    fflush(stdout);
    /* Run as init (init=/bin/libctest), there is nothing to return to. */
    if (getpid() == 1)
        power(POWER_OFF);
    return failed ? 1 : 0;
}
