/* testrunner: runs the userland test suite.
 *
 *   testrunner                   every test
 *   testrunner GROUP[/NAME]...   only the tests whose "group/name" starts so
 *   testrunner --list            the names, one a line
 *   testrunner --helper NAME ... a helper program (exec tests start these)
 *   testrunner --helper=NAME ... the same, for "#!" lines
 *
 * Each test runs in a child of its own, which becomes a process group
 * leader so that the test and everything it started can be killed
 * together. The child starts in a fresh scratch directory under /tmp (mode
 * 0777, so that tests which drop root can use it too), with descriptors
 * 0-2 and the failure pipe only, and a clean signal state. A test that does
 * not finish in its time limit is killed and fails; so does one that dies
 * of a signal (named in a diagnostic) or exits non-zero, and one in which
 * any check failed.
 *
 * Results go to /dev/tap ("ok group/name"), where the kernel numbers them
 * into its TAP stream; without /dev/tap (run by hand) they go to standard
 * output. The runner exits 0 whenever it could run the suite: the verdict
 * is in the results. */
#include "rawsys.h"
#include "registry.h"
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_S 20

static int out_fd = STDOUT_FILENO;
static bool out_is_tap;

static void out_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out_line(const char *fmt, ...)
{
    char line[300];
    size_t n = 0;
    if (!out_is_tap) {
        /* By hand, the diagnostics look like TAP's. */
        if (strncmp(fmt, "ok ", 3) != 0 && strncmp(fmt, "not ok ", 7) != 0) {
            line[0] = '#', line[1] = ' ';
            n = 2;
        }
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    va_end(ap);
    n = strlen(line);
    line[n++] = '\n';
    tl_write_all(out_fd, line, n);
}

static bool selected(const struct tl_test *t, int argc, char **argv)
{
    if (argc <= 1)
        return true;
    char full[128];
    snprintf(full, sizeof(full), "%s/%s", t->group, t->name);
    for (int i = 1; i < argc; i++)
        if (strncmp(full, argv[i], strlen(argv[i])) == 0)
            return true;
    return false;
}

/* Groups in name order; tests keep their order of declaration in a group. */
static void sort_tests(const struct tl_test **v, int n)
{
    for (int i = 1; i < n; i++) {
        const struct tl_test *t = v[i];
        int j = i - 1;
        while (j >= 0 && strcmp(v[j]->group, t->group) > 0) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = t;
    }
}

static void reset_signals(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, SIG_DFL);
    alarm(0);
}

__attribute__((noreturn)) static void run_child(const struct tl_test *t, const char *dir, int fail_w)
{
    setpgid(0, 0);
    reset_signals();
    if (fail_w != TL_FAIL_FD) {
        if (dup3(fail_w, TL_FAIL_FD, O_CLOEXEC) < 0)
            _exit(120);
        close(fail_w);
    }
    /* Only 0-2 and the failure pipe stay open. */
    for (int fd = 3; fd < 64; fd++)
        if (fd != TL_FAIL_FD)
            close(fd);
    if (chdir(dir) < 0)
        _exit(121);
    static char full[128];
    snprintf(full, sizeof(full), "%s/%s", t->group, t->name);
    tl_current = full;
    RAW2(SYS_set_process_name, full, strlen(full));
    t->fn();
    tl_exit();
}

/* Waits for the test's child, at most timeout_s seconds. Polls rather than
 * relying on a signal to cut a blocking wait short, so that a kernel whose
 * signals misbehave still gets every test reported. Returns false on a
 * time-out. */
static bool wait_with_limit(pid_t pid, int timeout_s, int *status)
{
    int64_t deadline = tl_now_ns() + (int64_t)timeout_s * 1000000000;
    int nap_us = 200;
    for (;;) {
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid)
            return true;
        if (r < 0 && errno != EINTR) {
            out_line("testrunner: waitpid(%d) failed: %s", pid, tl_errno_name(errno));
            *status = 0x7f00;   /* reported as a failure below */
            return true;
        }
        if (tl_now_ns() > deadline)
            return false;
        usleep(nap_us);
        if (nap_us < 20000)
            nap_us *= 2;
    }
}

static int drain_failures(int fd)
{
    char buf[256];
    int count = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof(buf))) > 0)
        count += (int)n;
    return count;
}

static bool run_one(const struct tl_test *t)
{
    char dir[160];
    snprintf(dir, sizeof(dir), "/tmp/tl.%s.%s", t->group, t->name);
    tl_remove_tree(dir);
    if (mkdir(dir, 0777) < 0 || chmod(dir, 0777) < 0) {
        out_line("%s/%s: cannot make the scratch directory %s: %s", t->group, t->name, dir,
                 tl_errno_name(errno));
        out_line("not ok %s/%s", t->group, t->name);
        return false;
    }
    int fail_pipe[2];
    if (pipe2(fail_pipe, O_CLOEXEC) < 0) {
        out_line("%s/%s: pipe2 failed: %s", t->group, t->name, tl_errno_name(errno));
        out_line("not ok %s/%s", t->group, t->name);
        return false;
    }
    fcntl(fail_pipe[0], F_SETFL, O_NONBLOCK);
    fcntl(fail_pipe[1], F_SETFL, O_NONBLOCK);

    int timeout = t->timeout_s ? t->timeout_s : DEFAULT_TIMEOUT_S;
    int64_t start = tl_now_ns();
    pid_t pid = fork();
    if (pid == 0) {
        close(fail_pipe[0]);
        run_child(t, dir, fail_pipe[1]);
    }
    close(fail_pipe[1]);
    bool ok = false;
    if (pid < 0) {
        out_line("%s/%s: fork failed: %s", t->group, t->name, tl_errno_name(errno));
    } else {
        setpgid(pid, pid);  /* also here, so the kill below cannot miss */
        int status = 0;
        bool finished = wait_with_limit(pid, timeout, &status);
        if (!finished) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            out_line("%s/%s: timed out after %d s; killed", t->group, t->name, timeout);
        }
        /* Whatever the test left running in its group goes too. */
        kill(-pid, SIGKILL);
        int failed_checks = drain_failures(fail_pipe[0]);
        int64_t ms = (tl_now_ns() - start) / 1000000;
        if (finished) {
            if (WIFSIGNALED(status))
                out_line("%s/%s: crashed: %s", t->group, t->name, tl_status_text(status));
            else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                out_line("%s/%s: %s", t->group, t->name, tl_status_text(status));
            else if (failed_checks)
                out_line("%s/%s: %d check(s) failed (some in children)", t->group, t->name, failed_checks);
            else
                ok = true;
        }
        if (ms > 3000)
            out_line("%s/%s: took %lld ms", t->group, t->name, (long long)ms);
    }
    close(fail_pipe[0]);
    if (tl_remove_tree(dir) < 0)
        out_line("%s/%s: could not remove %s: %s", t->group, t->name, dir, tl_errno_name(errno));
    out_line("%s %s/%s", ok ? "ok" : "not ok", t->group, t->name);
    return ok;
}

/* "--helper NAME args..." or, from a "#!" line that can carry only one
 * argument, "--helper=NAME args...": the helper sees argv = NAME args... */
static int run_helper(int argc, char **argv)
{
    const char *hname;
    char **hargv;
    int hargc;
    if (strncmp(argv[1], "--helper=", 9) == 0) {
        hname = argv[1] + 9;
        argv[1] = (char *)hname;
        hargv = argv + 1;
        hargc = argc - 1;
    } else if (argc >= 3) {
        hname = argv[2];
        hargv = argv + 2;
        hargc = argc - 2;
    } else {
        fprintf(stderr, "testrunner: --helper needs a name\n");
        return 127;
    }
    const struct tl_helper *h = tl_find_helper(hname);
    if (!h) {
        fprintf(stderr, "testrunner: no helper %s\n", hname);
        return 127;
    }
    static char name[80];
    snprintf(name, sizeof(name), "helper/%s", hname);
    tl_current = name;
    return h->fn(hargc, hargv);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strncmp(argv[1], "--helper", 8) == 0)
        return run_helper(argc, argv);

    const struct tl_test *const *all;
    int n = tl_tests(&all);
    static const struct tl_test *order[TL_MAX_TESTS];
    memcpy(order, all, n * sizeof(order[0]));
    sort_tests(order, n);

    if (argc >= 2 && strcmp(argv[1], "--list") == 0) {
        for (int i = 0; i < n; i++)
            printf("%s/%s\n", order[i]->group, order[i]->name);
        return 0;
    }

    int tap = open("/dev/tap", O_WRONLY | O_CLOEXEC);
    if (tap >= 0) {
        out_fd = tap;
        out_is_tap = true;
    }
    RAW2(SYS_set_process_name, "testrunner", 10);
    signal(SIGPIPE, SIG_IGN);
    if (tl_registry_overflow) {
        out_line("testrunner: more tests than the registry holds (%d)", TL_MAX_TESTS);
        out_line("not ok testrunner/registry_fits");
    }

    int run = 0, failed = 0;
    int64_t start = tl_now_ns();
    for (int i = 0; i < n; i++) {
        if (!selected(order[i], argc, argv))
            continue;
        run++;
        if (!run_one(order[i]))
            failed++;
    }
    out_line("testrunner: %d tests, %d failed, %lld ms", run, failed,
             (long long)((tl_now_ns() - start) / 1000000));
    if (argc > 1 && run == 0) {
        out_line("testrunner: no test matches");
        return 1;
    }
    return 0;
}
