/* Signal actions and masks: sigaction flags, siginfo contents, blocking and
 * pending signals, sigsuspend, alternate stacks, sigtimedwait, and what
 * fork and execve do to handlers and masks. */
#include "rawsys.h"
#include "testlib.h"
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t hits, last_sig, depth, max_depth;

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

static sigset_t only(int sig)
{
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    return s;
}

TEST(signals, handler_runs_and_returns)
{
    set_handler(SIGUSR1, count_handler, 0);
    CHECK_OK(kill(getpid(), SIGUSR1));
    CHECK_EQ(hits, 1);
    CHECK_EQ(last_sig, SIGUSR1);
    CHECK_OK(raise(SIGUSR1));
    CHECK_EQ(hits, 2);
    struct sigaction old;
    CHECK_OK(sigaction(SIGUSR1, NULL, &old));
    CHECK(old.sa_handler == count_handler);
}

TEST(signals, sigaction_refusals)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = count_handler;
    CHECK_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
    CHECK_ERRNO(sigaction(SIGSTOP, &sa, NULL), EINVAL);
    sa.sa_handler = SIG_IGN;
    CHECK_ERRNO(sigaction(SIGKILL, &sa, NULL), EINVAL);
    CHECK_ERRNO(sigaction(0, &sa, NULL), EINVAL);
    CHECK_ERRNO(sigaction(NSIG, &sa, NULL), EINVAL);
    CHECK_ERRNO(sigaction(-3, &sa, NULL), EINVAL);
    /* Reading SIGKILL's action is allowed. */
    struct sigaction old;
    CHECK_OK(sigaction(SIGKILL, NULL, &old));
    CHECK(old.sa_handler == SIG_DFL);
    CHECK_EQ(RAW3(SYS_sigaction, SIGUSR1, 0xC0000000, 0), -EFAULT);
    CHECK_EQ(RAW3(SYS_sigaction, SIGUSR1, 0, 0x10), -EFAULT);
}

/* Raises its own signal again, three calls in all. */
static void nodefer_handler(int sig)
{
    depth++;
    hits++;
    if (depth > max_depth)
        max_depth = depth;
    if (hits < 3)
        raise(sig);
    depth--;
}

TEST(signals, signal_blocked_in_its_handler_unless_nodefer)
{
    set_handler(SIGUSR1, nodefer_handler, 0);
    raise(SIGUSR1);
    /* Each re-raise waited until the handler returned: never nested. */
    CHECK_EQ(hits, 3);
    CHECK_EQ(max_depth, 1);
    max_depth = 0;
    hits = 0;
    set_handler(SIGUSR2, nodefer_handler, SA_NODEFER);
    raise(SIGUSR2);
    CHECK_EQ(hits, 3);
    CHECK_EQ(max_depth, 3);
}

TEST(signals, resethand_runs_once)
{
    set_handler(SIGUSR1, count_handler, SA_RESETHAND);
    raise(SIGUSR1);
    CHECK_EQ(hits, 1);
    struct sigaction now;
    CHECK_OK(sigaction(SIGUSR1, NULL, &now));
    CHECK(now.sa_handler == SIG_DFL);
    pid_t pid = tl_fork();
    if (pid == 0) {
        set_handler(SIGUSR1, count_handler, SA_RESETHAND);
        raise(SIGUSR1);
        raise(SIGUSR1);     /* the default action now: death */
        _exit(0);
    }
    tl_wait_signal(pid, SIGUSR1);
}

static siginfo_t seen_info;
static volatile uintptr_t seen_ctx;

static void info_handler(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    seen_info = *info;
    seen_ctx = (uintptr_t)ctx;
}

static sigjmp_buf segv_jump;

static void segv_info_handler(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    seen_info = *info;
    siglongjmp(segv_jump, sig);
}

TEST(signals, siginfo_contents)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = info_handler;
    sa.sa_flags = SA_SIGINFO;
    REQUIRE_OK(sigaction(SIGUSR1, &sa, NULL));
    CHECK_OK(kill(getpid(), SIGUSR1));
    CHECK_EQ(seen_info.si_signo, SIGUSR1);
    CHECK_EQ(seen_info.si_code, SI_USER);
    CHECK_EQ(seen_info.si_pid, getpid());
    CHECK_EQ(seen_info.si_uid, 0);
    CHECK_NE(seen_ctx, 0);
    /* From another user. */
    REQUIRE_OK(sigaction(SIGUSR2, &sa, NULL));
    pid_t me = getpid();
    pid_t pid = tl_fork();
    if (pid == 0) {
        /* Still privileged (effective root), but with another real uid,
         * which is what si_uid reports. */
        CHECK_OK(setresuid(1000, 0, 0));
        CHECK_OK(kill(me, SIGUSR2));
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    CHECK_EQ(seen_info.si_signo, SIGUSR2);
    CHECK_EQ(seen_info.si_pid, pid);
    CHECK_EQ(seen_info.si_uid, 1000);
}

TEST(signals, sigsegv_siginfo_has_the_address)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = segv_info_handler;
    sa.sa_flags = SA_SIGINFO;
    REQUIRE_OK(sigaction(SIGSEGV, &sa, NULL));
    if (sigsetjmp(segv_jump, 1) == 0)
        *(volatile int *)0x1234 = 1;
    CHECK_EQ(seen_info.si_signo, SIGSEGV);
    CHECK_EQ(seen_info.si_code, SEGV_MAPERR);
    CHECK_EQ((uintptr_t)seen_info.si_addr, 0x1234);
    /* A write to read-only memory: mapped, but not allowed. */
    static const int constant = 5;
    memset(&seen_info, 0, sizeof(seen_info));
    if (sigsetjmp(segv_jump, 1) == 0)
        *(volatile int *)&constant = 6;
    CHECK_EQ(seen_info.si_code, SEGV_ACCERR);
    CHECK_EQ((uintptr_t)seen_info.si_addr, (uintptr_t)&constant);
    /* The handler ran with SIGSEGV blocked; siglongjmp restored the mask. */
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    CHECK(!sigismember(&now, SIGSEGV));
}

TEST(signals, blocked_signals_stay_pending)
{
    set_handler(SIGUSR1, count_handler, 0);
    sigset_t block = only(SIGUSR1), old, pending;
    CHECK_OK(sigprocmask(SIG_BLOCK, &block, &old));
    CHECK(!sigismember(&old, SIGUSR1));
    raise(SIGUSR1);
    raise(SIGUSR1);     /* standard signals do not queue */
    CHECK_EQ(hits, 0);
    CHECK_OK(sigpending(&pending));
    CHECK(sigismember(&pending, SIGUSR1));
    CHECK(!sigismember(&pending, SIGUSR2));
    CHECK_OK(sigprocmask(SIG_UNBLOCK, &block, NULL));
    CHECK_EQ(hits, 1);  /* delivered on unblock, once */
    CHECK_OK(sigpending(&pending));
    CHECK(!sigismember(&pending, SIGUSR1));
    /* SIGKILL and SIGSTOP cannot be blocked: they are dropped from masks. */
    sigset_t all, got;
    sigfillset(&all);
    CHECK_OK(sigprocmask(SIG_SETMASK, &all, NULL));
    CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &got));
    CHECK(!sigismember(&got, SIGKILL));
    CHECK(!sigismember(&got, SIGSTOP));
    CHECK(sigismember(&got, SIGTERM));
    sigemptyset(&all);
    CHECK_OK(sigprocmask(SIG_SETMASK, &all, NULL));
    CHECK_ERRNO(sigprocmask(7, &all, NULL), EINVAL);
    CHECK_EQ(RAW3(SYS_sigprocmask, SIG_BLOCK, 0xC0000000, 0), -EFAULT);
    CHECK_EQ(RAW1(SYS_sigpending, 0xC0000000), -EFAULT);
}

TEST(signals, ignoring_discards_pending)
{
    sigset_t block = only(SIGUSR1), pending;
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGUSR1);
    signal(SIGUSR1, SIG_IGN);
    CHECK_OK(sigpending(&pending));
    CHECK(!sigismember(&pending, SIGUSR1));
    /* An ignored signal never becomes pending. */
    raise(SIGUSR1);
    CHECK_OK(sigpending(&pending));
    CHECK(!sigismember(&pending, SIGUSR1));
}

TEST(signals, sigsuspend_waits_with_a_temporary_mask)
{
    set_handler(SIGUSR1, count_handler, 0);
    sigset_t block = only(SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, NULL);
    pid_t parent = getpid();
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_sleep_ms(20);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    sigset_t during;
    sigemptyset(&during);
    CHECK_ERRNO(sigsuspend(&during), EINTR);
    CHECK_EQ(hits, 1);
    /* The old mask is back. */
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    CHECK(sigismember(&now, SIGUSR1));
    tl_wait_exit(pid, 0);
    CHECK_EQ(RAW1(SYS_sigsuspend, 0xC0000000), -EFAULT);
}

static volatile uintptr_t handler_sp;

static void altstack_handler(int sig)
{
    (void)sig;
    int local;
    handler_sp = (uintptr_t)&local;
    stack_t now;
    sigaltstack(NULL, &now);
    if (!(now.ss_flags & SS_ONSTACK))
        handler_sp = 1;
}

static int overflow_forever(volatile int n)
{
    volatile char pad[256];
    pad[0] = (char)n;
    if (n == -1)
        return 0;
    return overflow_forever(n + 1) + pad[0];
}

static void overflow_handler(int sig)
{
    _exit(sig == SIGSEGV ? 42 : 1);
}

TEST(signals, alternate_stack)
{
    static char alt[SIGSTKSZ * 2];
    stack_t ss = { alt, 0, sizeof(alt) }, old;
    CHECK_OK(sigaltstack(&ss, &old));
    CHECK(old.ss_flags & SS_DISABLE);
    set_handler(SIGUSR1, altstack_handler, SA_ONSTACK);
    raise(SIGUSR1);
    CHECK_CMP(handler_sp, >=, (uintptr_t)alt);
    CHECK_CMP(handler_sp, <, (uintptr_t)alt + sizeof(alt));
    /* Without SA_ONSTACK the normal stack is used. */
    set_handler(SIGUSR2, altstack_handler, 0);
    raise(SIGUSR2);
    CHECK(handler_sp == 1);
    stack_t small = { alt, 0, 100 };
    CHECK_ERRNO(sigaltstack(&small, NULL), ENOMEM);
    stack_t bad = { alt, 0x40, sizeof(alt) };
    CHECK_ERRNO(sigaltstack(&bad, NULL), EINVAL);
    CHECK_EQ(RAW2(SYS_sigaltstack, 0xC0000000, 0), -EFAULT);
    /* What it is for: surviving a stack overflow. */
    pid_t pid = tl_fork();
    if (pid == 0) {
        set_handler(SIGSEGV, overflow_handler, SA_ONSTACK);
        overflow_forever(0);
        _exit(2);
    }
    tl_wait_exit(pid, 42);
}

TEST(signals, sigtimedwait_takes_pending_signals)
{
    sigset_t set = only(SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    raise(SIGUSR1);
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    struct timespec zero = { 0, 0 };
    CHECK_EQ(sigtimedwait(&set, &info, &zero), SIGUSR1);
    CHECK_EQ(info.si_signo, SIGUSR1);
    CHECK_EQ(info.si_pid, getpid());
    sigset_t pending;
    sigpending(&pending);
    CHECK(!sigismember(&pending, SIGUSR1));
    /* Nothing pending: a time-out. */
    struct timespec t = { 0, 30000000 };
    int64_t t0 = tl_now_ns();
    CHECK_ERRNO(sigtimedwait(&set, &info, &t), EAGAIN);
    CHECK_CMP(tl_now_ns() - t0, >=, 30000000);
    /* One that arrives while waiting. */
    pid_t parent = getpid();
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_sleep_ms(20);
        kill(parent, SIGUSR1);
        _exit(0);
    }
    struct timespec longer = { 5, 0 };
    CHECK_EQ(sigtimedwait(&set, &info, &longer), SIGUSR1);
    CHECK_EQ(info.si_pid, pid);
    tl_wait_exit(pid, 0);
    struct timespec bad = { 0, 2000000000 };
    CHECK_ERRNO(sigtimedwait(&set, &info, &bad), EINVAL);
}

TEST(signals, fork_copies_handlers_and_mask_not_pending)
{
    set_handler(SIGUSR1, count_handler, 0);
    signal(SIGUSR2, SIG_IGN);
    sigset_t block = only(SIGTERM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    raise(SIGTERM);   /* pending in the parent */
    pid_t pid = tl_fork();
    if (pid == 0) {
        struct sigaction sa;
        sigaction(SIGUSR1, NULL, &sa);
        CHECK(sa.sa_handler == count_handler);
        sigaction(SIGUSR2, NULL, &sa);
        CHECK(sa.sa_handler == SIG_IGN);
        sigset_t mask, pending;
        sigprocmask(SIG_SETMASK, NULL, &mask);
        CHECK(sigismember(&mask, SIGTERM));
        sigpending(&pending);
        CHECK(!sigismember(&pending, SIGTERM));
        hits = 0;
        raise(SIGUSR1);
        CHECK_EQ(hits, 1);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    sigset_t pending;
    sigpending(&pending);
    CHECK(sigismember(&pending, SIGTERM));
    signal(SIGTERM, SIG_IGN);    /* drop it before unblocking */
}

/* Prints, for each signal 1..NSIG-1, D (default), I (ignored) or H (caught),
 * then the blocked and pending masks in hex. */
HELPER(sigstate)
{
    (void)argc, (void)argv;
    char line[NSIG + 40];
    for (int s = 1; s < NSIG; s++) {
        struct sigaction sa;
        sigaction(s, NULL, &sa);
        line[s - 1] = sa.sa_handler == SIG_DFL ? 'D' : sa.sa_handler == SIG_IGN ? 'I' : 'H';
    }
    sigset_t mask, pending;
    sigprocmask(SIG_SETMASK, NULL, &mask);
    sigpending(&pending);
    snprintf(line + NSIG - 1, 40, " %x %x\n", (unsigned)mask, (unsigned)pending);
    fputs(line, stdout);
    fflush(stdout);
    return 0;
}

TEST(signals, execve_resets_handlers_keeps_ignored_and_mask)
{
    set_handler(SIGUSR1, count_handler, 0);
    signal(SIGUSR2, SIG_IGN);
    sigset_t block = only(SIGTERM);
    sigaddset(&block, SIGINT);
    sigprocmask(SIG_BLOCK, &block, NULL);
    char *argv[] = { TL_SELF, "--helper", "sigstate", NULL };
    char *envp[] = { NULL };
    char out[128];
    CHECK_EQ(tl_run_capture(TL_SELF, argv, envp, out, sizeof(out), NULL), 0);
    char want[128];
    for (int s = 1; s < NSIG; s++)
        want[s - 1] = s == SIGUSR2 ? 'I' : 'D';
    snprintf(want + NSIG - 1, 40, " %x %x\n", (unsigned)block, 0u);
    CHECK_STREQ(out, want);
}

/* Waiting for a signal is the whole point of pause and sigsuspend: they
 * return EINTR after the handler even with SA_RESTART, as do timed waits. */
TEST(signals, sa_restart_never_restarts_pause_or_sleep)
{
    set_handler(SIGALRM, count_handler, SA_RESTART);
    hits = 0;
    alarm(1);
    CHECK_ERRNO(pause(), EINTR);
    CHECK_EQ(hits, 1);
    struct timespec long_sleep = { 30, 0 };
    alarm(1);
    CHECK_ERRNO(nanosleep(&long_sleep, NULL), EINTR);
    CHECK_EQ(hits, 2);
}
