/* The assertion library's reporting and the helpers tests share. */
#include "testlib.h"
#include "rawsys.h"
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int tl_failures;
const char *tl_current = "?";

/* A diagnostic is one write of one whole line on a description opened for
 * it alone, so lines from several processes of one test never interleave
 * inside the kernel's line buffer of a shared description. */
static void tl_emit(const char *line, size_t len)
{
    int fd = open("/dev/tap", O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        (void)!write(STDERR_FILENO, line, len);
        return;
    }
    (void)!write(fd, line, len);
    close(fd);
}

static void tl_vline(const char *prefix, const char *fmt, va_list ap)
{
    char line[256];
    int saved = errno;
    int n = snprintf(line, sizeof(line), "%s%s: ", prefix, tl_current);
    if (n < 0 || (size_t)n >= sizeof(line))
        n = 0;
    vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    size_t len = strlen(line);
    line[len++] = '\n';
    tl_emit(line, len);
    errno = saved;
}

void tl_fail(const char *file, int line, const char *fmt, ...)
{
    char where[64];
    const char *base = strrchr(file, '/');
    snprintf(where, sizeof(where), "%s:%d: ", base ? base + 1 : file, line);
    char msg[224];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    tl_note("FAIL %s%s", where, msg);
    tl_failures++;
    /* The pipe is non-blocking: a full pipe already says "failed". */
    int saved = errno;
    (void)!write(TL_FAIL_FD, "F", 1);
    errno = saved;
}

void tl_note(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tl_vline("  ", fmt, ap);
    va_end(ap);
}

void tl_exit(void)
{
    _exit(tl_failures ? 1 : 0);
}

bool tl_streq(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

const char *tl_errno_name(int e)
{
    static const char *const names[] = {
        [0] = "0 (no error)", [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH",
        [EINTR] = "EINTR", [EIO] = "EIO", [ENXIO] = "ENXIO", [E2BIG] = "E2BIG",
        [ENOEXEC] = "ENOEXEC", [EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN",
        [ENOMEM] = "ENOMEM", [EACCES] = "EACCES", [EFAULT] = "EFAULT", [ENOTBLK] = "ENOTBLK",
        [EBUSY] = "EBUSY", [EEXIST] = "EEXIST", [EXDEV] = "EXDEV", [ENODEV] = "ENODEV",
        [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR", [EINVAL] = "EINVAL", [ENFILE] = "ENFILE",
        [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY", [ETXTBSY] = "ETXTBSY", [EFBIG] = "EFBIG",
        [ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS", [EMLINK] = "EMLINK",
        [EPIPE] = "EPIPE", [EDOM] = "EDOM", [ERANGE] = "ERANGE", [EDEADLK] = "EDEADLK",
        [ENAMETOOLONG] = "ENAMETOOLONG", [ENOLCK] = "ENOLCK", [ENOSYS] = "ENOSYS",
        [ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP", [EOVERFLOW] = "EOVERFLOW",
        [ETIMEDOUT] = "ETIMEDOUT", [EOPNOTSUPP] = "EOPNOTSUPP",
    };
    static char buf[16];
    if (e >= 0 && (size_t)e < sizeof(names) / sizeof(names[0]) && names[e])
        return names[e];
    snprintf(buf, sizeof(buf), "errno %d", e);
    return buf;
}

const char *tl_signal_name(int sig)
{
    static const char *const names[NSIG] = {
        [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
        [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
        [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
        [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM",
        [SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
        [SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP", [SIGTTIN] = "SIGTTIN", [SIGTTOU] = "SIGTTOU",
        [SIGURG] = "SIGURG", [SIGXCPU] = "SIGXCPU", [SIGXFSZ] = "SIGXFSZ",
        [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF", [SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO",
        [SIGPWR] = "SIGPWR", [SIGSYS] = "SIGSYS",
    };
    static char buf[16];
    if (sig > 0 && sig < NSIG && names[sig])
        return names[sig];
    snprintf(buf, sizeof(buf), "signal %d", sig);
    return buf;
}

const char *tl_status_text(int status)
{
    static char buf[64];
    if (WIFEXITED(status))
        snprintf(buf, sizeof(buf), "exited with status %d", WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(buf, sizeof(buf), "killed by %s%s", tl_signal_name(WTERMSIG(status)),
                 WCOREDUMP(status) ? " (core dumped)" : "");
    else if (WIFSTOPPED(status))
        snprintf(buf, sizeof(buf), "stopped by %s", tl_signal_name(WSTOPSIG(status)));
    else if (WIFCONTINUED(status))
        snprintf(buf, sizeof(buf), "continued");
    else
        snprintf(buf, sizeof(buf), "status %#x", status);
    return buf;
}

pid_t tl_fork(void)
{
    pid_t pid = fork();
    if (pid < 0) {
        tl_fail(__FILE__, __LINE__, "fork failed with %s; giving up", tl_errno_name(errno));
        tl_exit();
    }
    return pid;
}

int tl_wait(pid_t pid)
{
    int status = 0;
    pid_t r;
    do
        r = waitpid(pid, &status, 0);
    while (r < 0 && errno == EINTR);
    if (r != pid) {
        tl_fail(__FILE__, __LINE__, "waitpid(%d) returned %d (%s)", pid, r,
                r < 0 ? tl_errno_name(errno) : "wrong child");
        return -1;
    }
    return status;
}

bool tl_wait_exit_at(const char *file, int line, pid_t pid, int code)
{
    int status = tl_wait(pid);
    if (status == -1)
        return false;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != code) {
        char got[64];
        snprintf(got, sizeof(got), "%s", tl_status_text(status));
        tl_fail(file, line, "child %d %s, expected to exit with status %d", pid, got, code);
        return false;
    }
    return true;
}

bool tl_wait_signal_at(const char *file, int line, pid_t pid, int sig)
{
    int status = tl_wait(pid);
    if (status == -1)
        return false;
    if (!WIFSIGNALED(status) || WTERMSIG(status) != sig) {
        char got[64];
        snprintf(got, sizeof(got), "%s", tl_status_text(status));
        tl_fail(file, line, "child %d %s, expected to be killed by %s", pid, got, tl_signal_name(sig));
        return false;
    }
    return true;
}

void tl_drop_root(void)
{
    REQUIRE_OK(setgroups(0, NULL));
    REQUIRE_OK(setgid(1000));
    REQUIRE_OK(setuid(1000));
    REQUIRE(getuid() == 1000 && geteuid() == 1000);
}

void tl_yield(void)
{
    RAW0(SYS_sched_yield);
}

int64_t tl_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void tl_sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

ssize_t tl_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, p + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        done += n;
    }
    return (ssize_t)done;
}

ssize_t tl_read_full(int fd, void *buf, size_t len)
{
    char *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t n = read(fd, p + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return done ? (ssize_t)done : -1;
        if (n == 0)
            break;
        done += n;
    }
    return (ssize_t)done;
}

void tl_make_file(const char *path, const char *contents, int mode)
{
    int fd = REQUIRE_OK(open(path, O_WRONLY | O_CREAT | O_TRUNC, mode));
    REQUIRE(tl_write_all(fd, contents, strlen(contents)) == (ssize_t)strlen(contents));
    REQUIRE_OK(close(fd));
}

int tl_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    /* Make sure we may list and empty it whatever the test left. */
    chmod(path, 0700);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(len);
        if (!child) {
            rc = -1;
            break;
        }
        snprintf(child, len, "%s/%s", path, e->d_name);
        if (tl_remove_tree(child) < 0)
            rc = -1;
        free(child);
    }
    closedir(d);
    if (rmdir(path) < 0)
        rc = -1;
    return rc;
}

uint32_t tl_rand(uint32_t *state)
{
    uint32_t x = *state ? *state : 0x9e3779b9u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

int tl_run_capture(const char *path, char *const argv[], char *const envp[], char *out, size_t outsz,
                   int *exec_errno)
{
    int fds[2], err[2];
    REQUIRE_OK(pipe(fds));
    REQUIRE_OK(pipe2(err, O_CLOEXEC));
    pid_t pid = tl_fork();
    if (pid == 0) {
        close(fds[0]);
        close(err[0]);
        if (fds[1] != STDOUT_FILENO) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[1]);
        }
        execve(path, argv, envp);
        int e = errno;
        (void)!write(err[1], &e, sizeof(e));
        _exit(126);
    }
    close(fds[1]);
    close(err[1]);
    ssize_t n = tl_read_full(fds[0], out, outsz - 1);
    out[n > 0 ? n : 0] = 0;
    close(fds[0]);
    int e = 0;
    if (tl_read_full(err[0], &e, sizeof(e)) != sizeof(e))
        e = 0;
    close(err[0]);
    if (exec_errno)
        *exec_errno = e;
    return tl_wait(pid);
}
