/* shelltest: runs the shell and utility cases (cases_*.c) and reports each
 * as "ok shell/NAME" or "not ok shell/NAME" to /dev/tap when it exists,
 * else to standard output, with the difference on failure as diagnostic
 * lines. Every case runs in a fresh scratch directory under /tmp, in its
 * own process group, and is killed if it takes too long.
 *
 *   shelltest [-v] [name-prefix]
 *
 * Exit status: 0 when the cases could be run, whatever they reported (the
 * verdicts are the report lines); 2 on a usage or set-up error. With -v
 * every case's script and output are shown. */
#include "shelltest.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CASE_TIMEOUT_MS 30000

/* Where sh and the utilities are; another place only to try the cases
 * on a development machine. */
#ifndef SHELLTEST_BIN
#define SHELLTEST_BIN "/bin"
#endif
#define CAPTURE_MAX 8192

static FILE *report;
static bool verbose;

static void diag(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    /* one diagnostic line per text line, each marked */
    for (char *line = buf, *nl; line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = 0;
        fprintf(report, "# %s\n", line);
    }
    fflush(report);
}

/* Shows a captured text with its newlines and control bytes visible. */
static void diag_text(const char *label, const char *s)
{
    char buf[400];
    size_t n = 0;
    for (; *s && n < sizeof(buf) - 8; s++) {
        if (*s == '\n') {
            buf[n++] = '\\';
            buf[n++] = 'n';
        } else if ((unsigned char)*s < 32) {
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "\\x%02x", (unsigned char)*s);
        } else {
            buf[n++] = *s;
        }
    }
    buf[n] = 0;
    diag("  %s: \"%s\"%s", label, buf, *s ? "..." : "");
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct capture {
    char buf[CAPTURE_MAX];
    size_t len;
};

static void capture_read(int fd, struct capture *c, bool *open)
{
    char tmp[512];
    ssize_t n = read(fd, tmp, sizeof(tmp));
    if (n <= 0) {
        if (n < 0 && errno == EINTR)
            return;
        *open = false;
        return;
    }
    size_t room = CAPTURE_MAX - 1 - c->len;
    size_t take = (size_t)n < room ? (size_t)n : room;
    memcpy(c->buf + c->len, tmp, take);
    c->len += take;
    c->buf[c->len] = 0;
}

/* Runs sh -c script in dir; returns the wait status, or -1 on a time-out. */
static int run_case(const struct shelltest_case *tc, const char *dir, struct capture *out, struct capture *err)
{
    int po[2], pe[2];
    if (pipe(po) < 0 || pipe(pe) < 0) {
        diag("pipe: %s", strerror(errno));
        return -2;
    }
    pid_t pid = fork();
    if (pid < 0) {
        diag("fork: %s", strerror(errno));
        return -2;
    }
    if (pid == 0) {
        setpgid(0, 0);
        if (chdir(dir) < 0)
            _exit(121);
        int null = open("/dev/null", O_RDONLY);
        if (null >= 0) {
            dup2(null, 0);
            close(null);
        } else {
            close(0);
        }
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]);
        close(po[1]);
        close(pe[0]);
        close(pe[1]);
        if (report != stdout)
            fclose(report);
        signal(SIGPIPE, SIG_DFL);
        char *argv[] = { "sh", "-c", (char *)tc->script, NULL };
        char *envp[] = { "PATH=" SHELLTEST_BIN, "HOME=/", "TERM=dumb", NULL };
        execve(SHELLTEST_BIN "/sh", argv, envp);
        _exit(122);
    }
    setpgid(pid, pid);
    close(po[1]);
    close(pe[1]);
    bool out_open = true, err_open = true;
    long long deadline = now_ms() + CASE_TIMEOUT_MS;
    bool timed_out = false;
    while (out_open || err_open) {
        struct pollfd fds[2];
        int n = 0;
        if (out_open)
            fds[n++] = (struct pollfd){ .fd = po[0], .events = POLLIN };
        if (err_open)
            fds[n++] = (struct pollfd){ .fd = pe[0], .events = POLLIN };
        long long left = deadline - now_ms();
        if (left <= 0) {
            timed_out = true;
            break;
        }
        int r = poll(fds, (nfds_t)n, (int)(left > 1000 ? 1000 : left));
        if (r < 0 && errno != EINTR) {
            diag("poll: %s", strerror(errno));
            timed_out = true;
            break;
        }
        for (int i = 0; i < n && r > 0; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            if (fds[i].fd == po[0])
                capture_read(po[0], out, &out_open);
            else
                capture_read(pe[0], err, &err_open);
        }
    }
    if (timed_out)
        kill(-pid, SIGKILL);
    close(po[0]);
    close(pe[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno == EINTR)
            continue;
        status = -2;
        break;
    }
    /* left-over background processes of the case must not linger */
    kill(-pid, SIGKILL);
    return timed_out ? -1 : status;
}

/* Runs a probe command quietly; true if it succeeded. */
static bool probe(const char *command)
{
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
        }
        char *argv[] = { "sh", "-c", (char *)command, NULL };
        char *envp[] = { "PATH=" SHELLTEST_BIN, NULL };
        execve(SHELLTEST_BIN "/sh", argv, envp);
        _exit(127);
    }
    int st = 0;
    if (pid < 0)
        return false;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return false;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void remove_tree(const char *path)
{
    /* the shell under test cleans up for us: rm is one of the utilities */
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { "rm", "-rf", (char *)path, NULL };
        char *envp[] = { "PATH=" SHELLTEST_BIN, NULL };
        execve(SHELLTEST_BIN "/rm", argv, envp);
        _exit(1);
    }
    if (pid > 0)
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
            ;
}

int main(int argc, char **argv)
{
    const char *prefix = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0)
            verbose = true;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "usage: shelltest [-v] [name-prefix]\n");
            return 2;
        } else
            prefix = argv[i];
    }
    /* never created: only the kernel's device will do */
    int tap = open("/dev/tap", O_WRONLY | O_CLOEXEC);
    report = tap >= 0 ? fdopen(tap, "w") : NULL;
    if (!report)
        report = stdout;
    setvbuf(report, NULL, _IOLBF, 0);
    signal(SIGPIPE, SIG_IGN);

    mkdir("/tmp", 01777);
    char base[64];
    snprintf(base, sizeof(base), "/tmp/shelltest.%d", (int)getpid());
    if (mkdir(base, 0755) < 0) {
        diag("shelltest: cannot make %s: %s", base, strerror(errno));
        fprintf(report, "not ok shell/setup\n");
        return 2;
    }
    int passed = 0, failed = 0, skipped = 0;
    for (int i = 0; i < shelltest_ncases; i++) {
        const struct shelltest_case *tc = &shelltest_cases[i];
        if (prefix && strncmp(tc->name, prefix, strlen(prefix)) != 0)
            continue;
        if (tc->requires && !probe(tc->requires)) {
            fprintf(report, "ok shell/%s # SKIP needs: %s\n", tc->name, tc->requires);
            skipped++;
            continue;
        }
        char dir[128];
        snprintf(dir, sizeof(dir), "%s/%s", base, tc->name);
        if (mkdir(dir, 0755) < 0) {
            diag("shelltest: cannot make %s: %s", dir, strerror(errno));
            fprintf(report, "not ok shell/%s\n", tc->name);
            failed++;
            continue;
        }
        static struct capture out, err;
        out.len = err.len = 0;
        out.buf[0] = err.buf[0] = 0;
        long long started = now_ms();
        int st = run_case(tc, dir, &out, &err);
        long long took = now_ms() - started;
        bool ok = true;
        int got_status = -1;
        if (st == -1) {
            diag("shell/%s: timed out after %d ms", tc->name, CASE_TIMEOUT_MS);
            ok = false;
        } else if (st < -1) {
            ok = false;
        } else if (WIFEXITED(st)) {
            got_status = WEXITSTATUS(st);
        } else if (WIFSIGNALED(st)) {
            diag("shell/%s: sh died of signal %d", tc->name, WTERMSIG(st));
            ok = false;
        }
        if (ok && got_status != tc->status) {
            diag("shell/%s: exit status %d, expected %d", tc->name, got_status, tc->status);
            ok = false;
        }
        if (strcmp(out.buf, tc->out) != 0) {
            if (ok)
                diag("shell/%s: wrong output", tc->name);
            ok = false;
        }
        if (tc->err_has && !strstr(err.buf, tc->err_has)) {
            diag("shell/%s: standard error lacks \"%s\"", tc->name, tc->err_has);
            ok = false;
        }
        if (!ok || verbose) {
            diag_text("script", tc->script);
            diag_text("expected", tc->out);
            diag_text("output", out.buf);
            if (err.len)
                diag_text("stderr", err.buf);
        }
        if (verbose)
            diag("  %lld ms", took);
        fprintf(report, "%s shell/%s\n", ok ? "ok" : "not ok", tc->name);
        if (ok)
            passed++;
        else
            failed++;
    }
    remove_tree(base);
    /* A diagnostic, not a closing line: the console's last word on the
     * totals belongs to the host harness that reads it. */
    diag("shelltest: %d cases passed, %d failed, %d skipped", passed, failed, skipped);
    return 0;
}
