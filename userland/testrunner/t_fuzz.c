/* A system call fuzzer. Every number from 0 to a few past the last call is
 * made many times with random and hostile arguments (kernel addresses,
 * unmapped and misaligned pointers, huge and negative lengths, junk in
 * buffers) from a child process locked into a scratch directory (chroot).
 * The child may well die of what it does to itself (unmapping its own
 * code, installing junk handlers, starting threads at junk addresses);
 * what must hold is that the kernel survives, answers every call with a
 * result or a known error, lets a SIGKILL end anything, and works normally
 * afterwards.
 *
 * Not fuzzed, because the call would end or replace the fuzzing process
 * rather than test the kernel, or would harm the rest of the suite:
 *   exit, exit_thread   end the child at once (no coverage, nothing to learn)
 *   execve              replaces the child with whatever it names
 *   fork                every child would fork more fuzzers
 *   power               as root it switches the machine off
 *   sigreturn           loads a forged register frame into the child (the
 *                       kernel's own tests cover refusing forged frames)
 *   kill                kill(-1, SIGKILL) as root ends the runner too
 *   sigsuspend          waits for a signal by design
 *   debug_write         writes raw bytes to the console that carries the
 *                       TAP stream the harness reads */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS        400
#define CALL_LIMIT_US 5000      /* a blocking call is interrupted after this */
#define CHILD_LIMIT_S 4         /* a child still running then is killed */
#define KNOWN_ERRNO_MAX 133

static bool skipped(int n)
{
    return n == SYS_exit || n == SYS_exit_thread || n == SYS_execve || n == SYS_fork || n == SYS_power ||
           n == SYS_sigreturn || n == SYS_kill || n == SYS_sigsuspend || n == SYS_debug_write;
}

/* Calls whose results are ids or addresses: any 32-bit value is fine. */
static bool returns_any_word(int n)
{
    return n == SYS_mmap || n == SYS_getuid || n == SYS_geteuid || n == SYS_getgid || n == SYS_getegid;
}

/* What the child reports back through a shared page. */
struct fuzz_report {
    int bad_number;         /* -1: nothing wrong seen */
    long bad_result;
    long args[5];
};

static unsigned char junk[65536] __attribute__((aligned(4096)));

static void on_alarm(int sig)
{
    (void)sig;
}

static long hostile_arg(uint32_t *seed)
{
    static const long fixed[] = {
        0, 1, 2, -1, -2, 0x7fffffff, (long)0x80000000u, (long)0xffffffffu, (long)0xC0000000u,
        (long)0xC0100000u, (long)0xFFFFF000u, 0x10, 0x1000, (long)0xBFFFFFFFu, (long)0xBFFFF000u,
        0x7ffff000, 4096, 65536, 3, 4, 5, 1000, 1023, 1024, -100 /* AT_FDCWD */,
    };
    uint32_t r = tl_rand(seed);
    switch (r % 8) {
    case 0: case 1: case 2:
        return fixed[tl_rand(seed) % (sizeof(fixed) / sizeof(fixed[0]))];
    case 3:
        return (long)(junk + tl_rand(seed) % sizeof(junk));        /* inside a junk buffer */
    case 4:
        return (long)junk;
    case 5:
        return (long)(tl_rand(seed) & 0xBFFFF000u);                /* a page somewhere */
    case 6:
        return (long)(tl_rand(seed) % 64);                          /* small numbers, fds */
    default:
        return (long)tl_rand(seed);
    }
}

__attribute__((noreturn)) static void fuzz_child(int n, struct fuzz_report *report)
{
    /* Quiet standard descriptors and nothing else. */
    int null = open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; fd++)
        dup2(null, fd);
    for (int fd = 3; fd < 1024; fd++)
        close(fd);
    mkdir("jail", 0755);
    if (chroot("jail") < 0 || chdir("/") < 0)
        _exit(90);
    uint32_t seed = 0x5eed0000u + (uint32_t)n * 7919u;
    for (int round = 0; round < ROUNDS; round++) {
        for (size_t i = 0; i < 64; i++)
            junk[tl_rand(&seed) % sizeof(junk)] = (unsigned char)tl_rand(&seed);
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_alarm;
        sigaction(SIGALRM, &sa, NULL);
        sigset_t alrm;
        sigemptyset(&alrm);
        sigaddset(&alrm, SIGALRM);
        sigprocmask(SIG_UNBLOCK, &alrm, NULL);
        struct itimerval it = { { 0, 0 }, { 0, CALL_LIMIT_US } };
        setitimer(ITIMER_REAL, &it, NULL);
        long a[5];
        for (int i = 0; i < 5; i++)
            a[i] = hostile_arg(&seed);
        long r = raw_syscall(n, a[0], a[1], a[2], a[3], a[4]);
        if (r < 0 && r >= -4095 && -r > KNOWN_ERRNO_MAX && !returns_any_word(n) && report->bad_number < 0) {
            report->bad_number = n;
            report->bad_result = r;
            memcpy(report->args, a, sizeof(a));
        }
    }
    _exit(0);
}

TEST_TIMEOUT(fuzz, every_syscall_with_hostile_arguments, 240)
{
    char host[80] = { 0 };
    RAW2(SYS_gethostname, host, sizeof(host));
    struct fuzz_report *report = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    REQUIRE(report != MAP_FAILED);
    int crashed = 0, killed = 0;
    for (int n = 0; n < SYSCALL_COUNT + 6; n++) {
        if (skipped(n))
            continue;
        report->bad_number = -1;
        pid_t pid = tl_fork();
        if (pid == 0)
            fuzz_child(n, report);
        int64_t deadline = tl_now_ns() + (int64_t)CHILD_LIMIT_S * 1000000000;
        int st = 0;
        pid_t r;
        while ((r = waitpid(pid, &st, WNOHANG)) == 0 && tl_now_ns() < deadline)
            tl_sleep_ms(2);
        if (r == 0) {
            /* Still running: whatever it is doing, SIGKILL must end it. */
            killed++;
            kill(pid, SIGKILL);
            int64_t kill_deadline = tl_now_ns() + 5000000000LL;
            while ((r = waitpid(pid, &st, WNOHANG)) == 0 && tl_now_ns() < kill_deadline)
                tl_sleep_ms(2);
            if (r == 0) {
                tl_fail(__FILE__, __LINE__, "syscall %d: the fuzzing child survives SIGKILL", n);
                return;
            }
        }
        if (WIFSIGNALED(st))
            crashed++;
        else if (WEXITSTATUS(st) != 0)
            tl_fail(__FILE__, __LINE__, "syscall %d: the fuzzing child %s", n, tl_status_text(st));
        if (report->bad_number >= 0)
            tl_fail(__FILE__, __LINE__, "syscall %d(%#lx, %#lx, %#lx, %#lx, %#lx) returned %ld: no such errno",
                    n, report->args[0], report->args[1], report->args[2], report->args[3], report->args[4],
                    report->bad_result);
        /* Past the end of the table: nothing but ENOSYS. */
        if (n >= SYSCALL_COUNT)
            CHECK_EQ(raw_syscall(n, 0, 0, 0, 0, 0), -ENOSYS);
    }
    tl_note("fuzz: %d children died of their own doing, %d were killed after %d s", crashed, killed,
            CHILD_LIMIT_S);
    RAW2(SYS_sethostname, host, strlen(host));

    /* The kernel still works: processes, files, memory. */
    pid_t pid = tl_fork();
    if (pid == 0)
        _exit(77);
    tl_wait_exit(pid, 77);
    tl_make_file("after", "round trip", 0644);
    char buf[16] = { 0 };
    int fd = CHECK_OK(open("after", O_RDONLY));
    CHECK_EQ(read(fd, buf, sizeof(buf)), 10);
    CHECK_STREQ(buf, "round trip");
    close(fd);
    char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    if (p != MAP_FAILED) {
        memset(p, 1, 1 << 20);
        munmap(p, 1 << 20);
    }
}
