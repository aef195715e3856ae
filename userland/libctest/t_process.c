/* Processes and signals: fork, the wait family and its status words,
 * exec, pipes between processes, handlers, masks, abort. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "libctest.h"

static void test_fork_exit_status(void)
{
    pid_t me = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        if (getppid() != me)
            _exit(99);
        exit(42);
    }
    CHECK(pid > 0);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
    CHECK(!WIFSIGNALED(status) && !WIFSTOPPED(status));
    /* Nothing left to wait for. */
    errno = 0;
    CHECK(wait(&status) == -1 && errno == ECHILD);
}

static void test_waitpid_nohang_and_any(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        char c;
        close(fds[1]);
        read(fds[0], &c, 1); /* wait for the parent's go */
        _exit(7);
    }
    close(fds[0]);
    int status = -1;
    CHECK(waitpid(pid, &status, WNOHANG) == 0);
    CHECK(write(fds[1], "g", 1) == 1);
    close(fds[1]);
    CHECK(waitpid(-1, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);

    siginfo_t si;
    pid = fork();
    if (pid == 0)
        _exit(3);
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PID, (id_t)pid, &si, WEXITED) == 0);
    CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 3);
}

static void test_killed_status(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK(kill(pid, SIGTERM) == 0);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);

    pid = fork();
    if (pid == 0)
        abort();
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);

    /* abort() wins even over a handler that returns. */
    pid = fork();
    if (pid == 0) {
        signal(SIGABRT, SIG_IGN);
        abort();
    }
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

static void test_exec(void)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        char *argv[] = { "libctest", "--echo", "one", "two", NULL };
        char *envp[] = { "LIBCTEST_VAR=value", NULL };
        execve("/bin/libctest", argv, envp);
        _exit(127);
    }
    close(fds[1]);
    char buf[128];
    ssize_t n, total = 0;
    while ((n = read(fds[0], buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
        total += n;
    buf[total] = '\0';
    close(fds[0]);
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(strcmp(buf, "one two LIBCTEST_VAR=value\n") == 0);

    /* execvp searches PATH; a missing program is ENOENT. */
    errno = 0;
    char *none[] = { "no-such-program", NULL };
    CHECK(execvp("no-such-program", none) == -1 && errno == ENOENT);
    errno = 0;
    CHECK(execl("/no/such/file", "x", (char *)NULL) == -1 && errno == ENOENT);
}

static volatile sig_atomic_t handled_sig;
static volatile sig_atomic_t handled_code;

static void on_signal(int sig)
{
    handled_sig = sig;
}

static void on_siginfo(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    handled_sig = sig;
    handled_code = info->si_code == SI_USER && info->si_pid == getpid();
}

static void test_handlers_and_masks(void)
{
    CHECK(signal(SIGUSR1, on_signal) != SIG_ERR);
    handled_sig = 0;
    CHECK(raise(SIGUSR1) == 0);
    CHECK(handled_sig == SIGUSR1);

    struct sigaction sa = { .sa_sigaction = on_siginfo, .sa_flags = SA_SIGINFO };
    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(SIGUSR2, &sa, NULL) == 0);
    handled_sig = handled_code = 0;
    CHECK(kill(getpid(), SIGUSR2) == 0);
    CHECK(handled_sig == SIGUSR2 && handled_code);

    /* A blocked signal waits, shows as pending, and runs when unblocked. */
    sigset_t set, old, pending;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
    handled_sig = 0;
    raise(SIGUSR1);
    CHECK(handled_sig == 0);
    CHECK(sigpending(&pending) == 0 && sigismember(&pending, SIGUSR1) == 1);
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    CHECK(handled_sig == SIGUSR1);

    /* sigwait takes a blocked signal without running its handler. */
    CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);
    handled_sig = 0;
    raise(SIGUSR1);
    int got = 0;
    CHECK(sigwait(&set, &got) == 0 && got == SIGUSR1 && handled_sig == 0);
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);

    CHECK(sigaddset(&set, 0) == -1 && errno == EINVAL);
    CHECK(sigaddset(&set, NSIG) == -1 && errno == EINVAL);
    CHECK(sigfillset(&set) == 0 && sigismember(&set, SIGKILL) == 1 && sigismember(&set, NSIG - 1) == 1);
}

static sigjmp_buf jump_env;

static void jump_out(int sig)
{
    siglongjmp(jump_env, sig);
}

static void test_siglongjmp_restores_mask(void)
{
    signal(SIGUSR1, jump_out);
    int r = sigsetjmp(jump_env, 1);
    if (r == 0) {
        raise(SIGUSR1);
        CHECK(!"the handler should have jumped");
    }
    CHECK(r == SIGUSR1);
    /* Inside the handler SIGUSR1 was blocked; the jump restored the mask. */
    sigset_t now;
    CHECK(sigprocmask(SIG_BLOCK, NULL, &now) == 0);
    CHECK(sigismember(&now, SIGUSR1) == 0);
}

static void test_alarm_and_sleep(void)
{
    signal(SIGALRM, on_signal);
    handled_sig = 0;
    alarm(0);
    CHECK(alarm(5) == 0);
    CHECK(alarm(1) >= 4);  /* re-arming reports the time that was left */
    /* pause() returns after the handler even though signal() asked for
     * restartable calls: pause is never restarted. */
    CHECK(pause() == -1 && errno == EINTR);
    CHECK(handled_sig == SIGALRM);
    CHECK(alarm(0) == 0);

    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    CHECK(usleep(50000) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    long long ns = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    CHECK(ns >= 50000000LL);
}

static void test_process_groups(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (setsid() != getpid() || getsid(0) != getpid() || getpgrp() != getpid())
            _exit(1);
        _exit(0);
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

    pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    CHECK(setpgid(pid, pid) == 0 || errno == EACCES);
    CHECK(getpgid(pid) == pid);
    CHECK(killpg(pid, SIGKILL) == 0);
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void test_pledge(void)
{
    errno = 0;
    CHECK(pledge("stdio no-such-promise", NULL) == -1 && errno == EINVAL);
    pid_t pid = fork();
    if (pid == 0) {
        if (pledge("stdio rpath", NULL) < 0)
            _exit(10);
        /* Narrowing again is fine, widening is not. */
        if (pledge("stdio", NULL) < 0)
            _exit(11);
        if (pledge("stdio rpath", NULL) != -1 || errno != EPERM)
            _exit(12);
        getpid();  /* still allowed */
        open("/", O_RDONLY);  /* rpath is gone: this is fatal */
        _exit(13);
    }
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
}

const struct libc_test process_tests[] = {
    { "process/fork-exit-status", test_fork_exit_status },
    { "process/waitpid-nohang-any", test_waitpid_nohang_and_any },
    { "process/killed-status", test_killed_status },
    { "process/exec", test_exec },
    { "signal/handlers-masks", test_handlers_and_masks },
    { "signal/siglongjmp-mask", test_siglongjmp_restores_mask },
    { "signal/alarm-sleep", test_alarm_and_sleep },
    { "process/groups", test_process_groups },
    { "process/pledge", test_pledge },
    { NULL, NULL },
};
