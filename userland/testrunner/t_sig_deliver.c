/* Sending and receiving: kill in all its forms and permission rules,
 * process groups and sessions, stop and continue, SIGCHLD, timers, calls
 * interrupted by handlers, nested handlers, and a long run of signals. */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_sig;

static void count_handler(int sig)
{
    hits++;
    last_sig = sig;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    REQUIRE_OK(sigaction(sig, &sa, NULL));
}

/* A child that waits for signals forever. */
static pid_t idle_child(void)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    return pid;
}

TEST(kill, to_a_pid_and_probe)
{
    pid_t pid = idle_child();
    CHECK_OK(kill(pid, 0));     /* exists */
    CHECK_OK(kill(pid, SIGTERM));
    tl_wait_signal(pid, SIGTERM);
    CHECK_ERRNO(kill(pid, 0), ESRCH);   /* reaped: gone */
    CHECK_ERRNO(kill(99999, SIGTERM), ESRCH);
    CHECK_ERRNO(kill(getpid(), NSIG), EINVAL);
    CHECK_ERRNO(kill(getpid(), -1), EINVAL);
}

TEST(kill, zombie_can_still_be_probed)
{
    pid_t pid = tl_fork();
    if (pid == 0)
        _exit(0);
    /* Wait until it is a zombie without reaping it. */
    siginfo_t info;
    CHECK_OK(waitid(P_PID, pid, &info, WEXITED | WNOWAIT));
    CHECK_OK(kill(pid, 0));
    CHECK_OK(kill(pid, SIGKILL));   /* harmless */
    tl_wait_exit(pid, 0);
}

TEST(kill, permission_rules_for_non_root)
{
    pid_t root_child = idle_child();
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_drop_root();
        CHECK_ERRNO(kill(root_child, SIGTERM), EPERM);
        CHECK_ERRNO(kill(root_child, 0), EPERM);     /* the probe too */
        /* Our own processes are fair game. */
        pid_t mine = idle_child();
        CHECK_OK(kill(mine, SIGTERM));
        tl_wait_signal(mine, SIGTERM);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    kill(root_child, SIGKILL);
    tl_wait_signal(root_child, SIGKILL);
}

TEST(kill, process_groups)
{
    /* Three children in a new group, one outside it. */
    pid_t leader = tl_fork();
    if (leader == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    CHECK_OK(setpgid(leader, leader));
    pid_t members[2];
    for (int i = 0; i < 2; i++) {
        members[i] = tl_fork();
        if (members[i] == 0) {
            setpgid(0, leader);
            for (;;)
                pause();
        }
        CHECK_OK(setpgid(members[i], leader));
    }
    pid_t outsider = idle_child();
    CHECK_EQ(getpgid(members[1]), leader);
    CHECK_OK(kill(-leader, SIGUSR1));
    tl_wait_signal(leader, SIGUSR1);
    tl_wait_signal(members[0], SIGUSR1);
    tl_wait_signal(members[1], SIGUSR1);
    CHECK_OK(kill(outsider, 0));      /* untouched */
    CHECK_ERRNO(kill(-leader, SIGUSR1), ESRCH);     /* the group is empty */
    CHECK_ERRNO(killpg(leader, SIGUSR1), ESRCH);
    /* kill(0) reaches our own group: the outsider shares it. Block the
     * signal here so that only the child dies of it. */
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR2);
    sigprocmask(SIG_BLOCK, &block, NULL);
    CHECK_OK(kill(0, SIGUSR2));
    tl_wait_signal(outsider, SIGUSR2);
    sigset_t pending;
    sigpending(&pending);
    CHECK(sigismember(&pending, SIGUSR2));
    signal(SIGUSR2, SIG_IGN);
}

TEST(kill, minus_one_reaches_everyone_allowed)
{
    /* As an unprivileged user, kill(-1) reaches that user's processes only
     * (and not the caller). */
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_drop_root();
        setpgid(0, 0);
        pid_t a = idle_child();
        pid_t b = idle_child();
        signal(SIGUSR1, SIG_IGN);
        CHECK_OK(kill(-1, SIGUSR1));
        tl_wait_signal(a, SIGUSR1);
        tl_wait_signal(b, SIGUSR1);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
}

TEST(pgrp, setpgid_getpgid_rules)
{
    pid_t me = getpid();
    CHECK_EQ(getpgrp(), getpgid(0));
    CHECK_EQ(getpgid(me), getpgid(0));
    CHECK_ERRNO(getpgid(99999), ESRCH);
    CHECK_ERRNO(setpgid(99999, 0), ESRCH);
    CHECK_ERRNO(setpgid(0, -1), EINVAL);
    pid_t pid = idle_child();
    CHECK_OK(setpgid(pid, 0));        /* 0: the child's own pid */
    CHECK_EQ(getpgid(pid), pid);
    CHECK_OK(setpgid(pid, getpgrp()));   /* back into ours */
    /* A group in another session may not be joined. */
    pid_t other = tl_fork();
    if (other == 0) {
        setsid();
        for (;;)
            pause();
    }
    tl_sleep_ms(20);
    CHECK_ERRNO(setpgid(pid, other), EPERM);
    /* A child in another session may not be moved. */
    CHECK_ERRNO(setpgid(other, other), EPERM);
    kill(pid, SIGKILL);
    kill(other, SIGKILL);
    tl_wait(pid);
    tl_wait(other);
}

TEST(pgrp, setpgid_after_exec_is_refused)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        close(fds[1]);
        dup2(fds[0], 0);
        /* A helper that blocks reading stdin until we close the pipe. */
        char *argv[] = { TL_SELF, "--helper", "wait_stdin", NULL };
        char *envp[] = { NULL };
        execve(TL_SELF, argv, envp);
        _exit(126);
    }
    close(fds[0]);
    /* Wait until the exec happened: the helper's name shows in /proc. */
    int64_t until = tl_now_ns() + 5000000000LL;
    for (;;) {
        char path[64], buf[256] = { 0 };
        snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
        int fd = open(path, O_RDONLY);
        if (fd >= 0) {
            ssize_t n = read(fd, buf, sizeof(buf) - 1);
            close(fd);
            /* cmdline separates the arguments with NULs */
            bool found = false;
            for (ssize_t i = 0; i + 10 <= n && !found; i++)
                found = memcmp(buf + i, "wait_stdin", 10) == 0;
            if (found)
                break;
        }
        if (tl_now_ns() > until) {
            tl_fail(__FILE__, __LINE__, "the child never showed its exec in /proc");
            break;
        }
        tl_sleep_ms(5);
    }
    CHECK_ERRNO(setpgid(pid, pid), EACCES);
    close(fds[1]);
    tl_wait_exit(pid, 0);
}

HELPER(wait_stdin)
{
    (void)argc, (void)argv;
    char c;
    while (read(0, &c, 1) > 0)
        ;
    return 0;
}

TEST(pgrp, sessions)
{
    /* A group leader may not start a session. */
    pid_t pid = tl_fork();
    if (pid == 0) {
        setpgid(0, 0);
        CHECK_ERRNO(setsid(), EPERM);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    pid = tl_fork();
    if (pid == 0) {
        pid_t me = getpid();
        CHECK_EQ(setsid(), me);
        CHECK_EQ(getsid(0), me);
        CHECK_EQ(getpgrp(), me);
        CHECK_ERRNO(setsid(), EPERM);         /* now a session leader */
        /* A session leader stays in its own group. */
        CHECK_ERRNO(setpgid(0, getppid()), EPERM);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    CHECK_ERRNO(getsid(99999), ESRCH);
    CHECK_EQ(getsid(getpid()), getsid(0));
}

TEST(jobs, stop_and_continue_seen_by_waitpid)
{
    pid_t pid = idle_child();
    CHECK_OK(kill(pid, SIGSTOP));
    int st = 0;
    CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
    CHECK(WIFSTOPPED(st));
    CHECK_EQ(WSTOPSIG(st), SIGSTOP);
    /* A stopped process still takes SIGKILL later; first continue it. */
    CHECK_OK(kill(pid, SIGCONT));
    CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
    CHECK(WIFCONTINUED(st));
    /* Stopped by SIGTSTP, reported once only. */
    CHECK_OK(kill(pid, SIGTSTP));
    CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
    CHECK_EQ(WSTOPSIG(st), SIGTSTP);
    CHECK_EQ(waitpid(pid, &st, WUNTRACED | WNOHANG), 0);
    CHECK_OK(kill(pid, SIGKILL));
    tl_wait_signal(pid, SIGKILL);
}

TEST(jobs, sigkill_and_sigstop_cannot_be_caught_or_ignored)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        signal(SIGKILL, SIG_IGN);
        signal(SIGSTOP, SIG_IGN);
        sigset_t all;
        sigfillset(&all);
        sigprocmask(SIG_BLOCK, &all, NULL);
        for (;;)
            pause();
    }
    CHECK_OK(kill(pid, SIGSTOP));
    int st;
    CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
    CHECK(WIFSTOPPED(st));
    CHECK_OK(kill(pid, SIGKILL));     /* works on a stopped process too */
    tl_wait_signal(pid, SIGKILL);
}

static volatile sig_atomic_t chld_count;

static void on_chld(int sig)
{
    (void)sig;
    chld_count++;
}

TEST(jobs, sigchld_when_many_children_exit_at_once)
{
    enum { N = 20 };
    set_handler(SIGCHLD, on_chld, SA_RESTART);
    int go[2];
    REQUIRE_OK(pipe(go));
    for (int i = 0; i < N; i++) {
        pid_t pid = tl_fork();
        if (pid == 0) {
            char c;
            close(go[1]);
            read(go[0], &c, 1);
            _exit(i);
        }
    }
    close(go[0]);
    close(go[1]);   /* everyone goes at once */
    int reaped = 0;
    while (reaped < N) {
        int st;
        pid_t r = waitpid(-1, &st, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (!CHECK_CMP(r, >, 0))
            break;
        reaped++;
    }
    CHECK_EQ(reaped, N);
    /* Signals merge, but at least one arrived. */
    CHECK_CMP(chld_count, >=, 1);
    CHECK_CMP(chld_count, <=, N);
}

TEST(jobs, no_zombies_with_sigchld_ignored_or_nocldwait)
{
    signal(SIGCHLD, SIG_IGN);
    for (int i = 0; i < 5; i++) {
        pid_t pid = tl_fork();
        if (pid == 0)
            _exit(0);
    }
    /* wait blocks until all are gone, then says there is nobody. */
    CHECK_ERRNO(wait(NULL), ECHILD);
    signal(SIGCHLD, SIG_DFL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    sa.sa_flags = SA_NOCLDWAIT;
    REQUIRE_OK(sigaction(SIGCHLD, &sa, NULL));
    pid_t pid = tl_fork();
    if (pid == 0)
        _exit(3);
    CHECK_ERRNO(waitpid(pid, NULL, 0), ECHILD);
    CHECK_ERRNO(kill(pid, 0), ESRCH);
}

TEST(jobs, sa_nocldstop)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_chld;
    sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
    REQUIRE_OK(sigaction(SIGCHLD, &sa, NULL));
    pid_t pid = idle_child();
    kill(pid, SIGSTOP);
    int st;
    CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
    CHECK_EQ(chld_count, 0);    /* a stop sends nothing */
    kill(pid, SIGKILL);
    tl_wait_signal(pid, SIGKILL);
    CHECK_EQ(chld_count, 1);    /* an exit does */
}

TEST(timers, alarm_and_pause)
{
    set_handler(SIGALRM, count_handler, 0);
    CHECK_EQ(alarm(1), 0);
    CHECK_EQ(alarm(1), 1);      /* the old one had about a second left */
    int64_t t0 = tl_now_ns();
    CHECK_ERRNO(pause(), EINTR);
    CHECK_EQ(last_sig, SIGALRM);
    CHECK_CMP(tl_now_ns() - t0, >=, 900000000);
    CHECK_EQ(alarm(0), 0);
    /* Cancelled: nothing comes. */
    alarm(1);
    CHECK_CMP(alarm(0), >=, 1);
    hits = 0;
    tl_sleep_ms(1200);
    CHECK_EQ(hits, 0);
}

TEST(timers, setitimer_and_getitimer)
{
    set_handler(SIGALRM, count_handler, SA_RESTART);
    struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, got, old;
    CHECK_OK(setitimer(ITIMER_REAL, &it, NULL));
    CHECK_OK(getitimer(ITIMER_REAL, &got));
    CHECK_EQ(got.it_interval.tv_usec, 20000);
    CHECK_CMP(got.it_value.tv_usec, <=, 20000);
    int64_t until = tl_now_ns() + 5000000000LL;
    while (hits < 5 && tl_now_ns() < until)
        tl_sleep_ms(5);
    CHECK_CMP(hits, >=, 5);     /* periodic */
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    CHECK_OK(setitimer(ITIMER_REAL, &off, &old));
    CHECK_EQ(old.it_interval.tv_usec, 20000);
    int now = hits;
    tl_sleep_ms(100);
    CHECK_EQ(hits, now);
    struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
    CHECK_ERRNO(setitimer(ITIMER_REAL, &bad, NULL), EINVAL);
    CHECK_ERRNO(setitimer(7, &it, NULL), EINVAL);
    CHECK_ERRNO(getitimer(7, &got), EINVAL);
    CHECK_EQ(RAW3(SYS_setitimer, ITIMER_REAL, 0xC0000000, 0), -EFAULT);
    CHECK_EQ(RAW2(SYS_getitimer, ITIMER_REAL, 0x10), -EFAULT);
}

TEST(interrupt, blocking_read_gets_eintr_or_restarts)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    set_handler(SIGALRM, count_handler, 0);
    struct itimerval it = { { 0, 0 }, { 0, 30000 } };
    REQUIRE_OK(setitimer(ITIMER_REAL, &it, NULL));
    char c;
    CHECK_ERRNO(read(fds[0], &c, 1), EINTR);
    CHECK_EQ(hits, 1);
    /* With SA_RESTART the read goes on and gets the data written later. */
    set_handler(SIGALRM, count_handler, SA_RESTART);
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_sleep_ms(150);
        write(fds[1], "r", 1);
        _exit(0);
    }
    REQUIRE_OK(setitimer(ITIMER_REAL, &it, NULL));
    CHECK_EQ(read(fds[0], &c, 1), 1);
    CHECK_EQ(c, 'r');
    CHECK_EQ(hits, 2);
    tl_wait_exit(pid, 0);
}

static volatile sig_atomic_t inner_ran, outer_saw_inner;

static void inner_handler(int sig)
{
    (void)sig;
    inner_ran = 1;
}

static void outer_handler(int sig)
{
    (void)sig;
    raise(SIGUSR2);     /* not blocked by this handler: runs right away */
    outer_saw_inner = inner_ran;
}

TEST(interrupt, nested_handlers)
{
    set_handler(SIGUSR2, inner_handler, 0);
    set_handler(SIGUSR1, outer_handler, 0);
    raise(SIGUSR1);
    CHECK_EQ(outer_saw_inner, 1);
    /* sa_mask blocks the inner one until the outer returns. */
    inner_ran = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = outer_handler;
    sigaddset(&sa.sa_mask, SIGUSR2);
    REQUIRE_OK(sigaction(SIGUSR1, &sa, NULL));
    raise(SIGUSR1);
    CHECK_EQ(outer_saw_inner, 0);
    CHECK_EQ(inner_ran, 1);
}

static sigjmp_buf escape;

static void jump_out(int sig)
{
    siglongjmp(escape, sig);
}

TEST(interrupt, siglongjmp_out_of_a_handler)
{
    set_handler(SIGUSR1, jump_out, 0);
    int got = sigsetjmp(escape, 1);
    if (got == 0) {
        raise(SIGUSR1);
        tl_fail(__FILE__, __LINE__, "the handler returned instead of jumping");
    }
    CHECK_EQ(got, SIGUSR1);
    /* The mask saved by sigsetjmp is back: SIGUSR1 is deliverable again. */
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    CHECK(!sigismember(&now, SIGUSR1));
    got = sigsetjmp(escape, 1);
    if (got == 0)
        raise(SIGUSR1);
    CHECK_EQ(got, SIGUSR1);
    /* Out of a blocking call too. */
    int fds[2];
    REQUIRE_OK(pipe(fds));
    set_handler(SIGALRM, jump_out, 0);
    if (sigsetjmp(escape, 1) == 0) {
        struct itimerval it = { { 0, 0 }, { 0, 20000 } };
        setitimer(ITIMER_REAL, &it, NULL);
        char c;
        read(fds[0], &c, 1);
        tl_fail(__FILE__, __LINE__, "read returned");
    }
    CHECK_EQ(write(fds[1], "x", 1), 1);  /* the pipe still works */
}

static int meminfo_free_kib(void)
{
    int fd = open("/proc/meminfo", O_RDONLY);
    if (fd < 0)
        return -1;
    char buf[512];
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = 0;
    const char *p = strstr(buf, "heap_bytes_in_use:");
    return p ? atoi(p + 18) : -1;
}

TEST(interrupt, ten_thousand_signals_no_leak)
{
    set_handler(SIGUSR1, count_handler, 0);
    /* Warm up so that lazily made structures exist before measuring. */
    for (int i = 0; i < 100; i++)
        raise(SIGUSR1);
    int before = meminfo_free_kib();
    CHECK_CMP(before, >=, 0);
    hits = 0;
    for (int i = 0; i < 10000; i++)
        kill(getpid(), SIGUSR1);
    CHECK_EQ(hits, 10000);
    int after = meminfo_free_kib();
    CHECK_CMP(after, >=, 0);
    /* Heap use may wander a little with other activity, not by 10000
     * signals' worth. */
    CHECK_CMP(after - before, <, 64 * 1024);
    /* And between processes. */
    pid_t parent = getpid();
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        for (int i = 0; i < 2000; i++)
            if (kill(parent, SIGUSR1) < 0)
                _exit(1);
        _exit(0);
    }
    hits = 0;
    tl_wait_exit(pid, 0);
    CHECK_CMP(hits, >=, 1);
}
