/* fork, exit and the wait family: statuses, selection by pid and group,
 * WNOHANG, WNOWAIT, ECHILD, many children, and copy-on-write isolation. */
#include "rawsys.h"
#include "testlib.h"
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

TEST(proc, exit_status_reaches_waitpid)
{
    for (int code = 0; code < 256; code += 51) {
        pid_t pid = tl_fork();
        if (pid == 0)
            _exit(code);
        int status;
        CHECK_EQ(waitpid(pid, &status, 0), pid);
        CHECK(WIFEXITED(status));
        CHECK_EQ(WEXITSTATUS(status), code);
    }
    /* Only the low 8 bits of the exit status survive. */
    pid_t pid = tl_fork();
    if (pid == 0)
        _exit(0x1234);
    tl_wait_exit(pid, 0x34);
}

TEST(proc, wait_any_child_and_echild)
{
    CHECK_ERRNO(wait(NULL), ECHILD);
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD);
    pid_t a = tl_fork();
    if (a == 0)
        _exit(1);
    pid_t b = tl_fork();
    if (b == 0)
        _exit(2);
    int seen = 0;
    for (int i = 0; i < 2; i++) {
        int status;
        pid_t r = wait(&status);
        if (r == a && WEXITSTATUS(status) == 1)
            seen |= 1;
        else if (r == b && WEXITSTATUS(status) == 2)
            seen |= 2;
        else
            tl_fail(__FILE__, __LINE__, "wait returned %d with %s", r, tl_status_text(status));
    }
    CHECK_EQ(seen, 3);
    CHECK_ERRNO(wait(NULL), ECHILD);
    /* Not our child: the parent's pid, our own, one that never existed. */
    CHECK_ERRNO(waitpid(getppid(), NULL, 0), ECHILD);
    CHECK_ERRNO(waitpid(getpid(), NULL, 0), ECHILD);
    CHECK_ERRNO(waitpid(99999, NULL, 0), ECHILD);
}

TEST(proc, wnohang_returns_zero_while_running)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        char c;
        close(fds[1]);
        read(fds[0], &c, 1);    /* until the parent closes its end */
        _exit(7);
    }
    close(fds[0]);
    int status = 0x5555;
    CHECK_EQ(waitpid(pid, &status, WNOHANG), 0);
    siginfo_t info;
    memset(&info, 0x55, sizeof(info));
    CHECK_EQ(waitid(P_PID, pid, &info, WEXITED | WNOHANG), 0);
    CHECK_EQ(info.si_pid, 0);
    close(fds[1]);
    tl_wait_exit(pid, 7);
}

TEST(proc, waitid_reports_exit_and_signal)
{
    pid_t pid = tl_fork();
    if (pid == 0)
        _exit(42);
    siginfo_t info;
    memset(&info, 0, sizeof(info));
    /* WNOWAIT leaves the child waitable. */
    CHECK_OK(waitid(P_PID, pid, &info, WEXITED | WNOWAIT));
    CHECK_EQ(info.si_pid, pid);
    CHECK_EQ(info.si_signo, SIGCHLD);
    CHECK_EQ(info.si_code, CLD_EXITED);
    CHECK_EQ(info.si_status, 42);
    CHECK_EQ(info.si_uid, 0);
    memset(&info, 0, sizeof(info));
    CHECK_OK(waitid(P_ALL, 0, &info, WEXITED));
    CHECK_EQ(info.si_pid, pid);
    CHECK_EQ(info.si_status, 42);
    CHECK_ERRNO(waitid(P_PID, pid, &info, WEXITED), ECHILD);

    pid = tl_fork();
    if (pid == 0) {
        for (;;)
            pause();
    }
    CHECK_OK(kill(pid, SIGTERM));
    memset(&info, 0, sizeof(info));
    CHECK_OK(waitid(P_PID, pid, &info, WEXITED));
    CHECK_EQ(info.si_code, CLD_KILLED);
    CHECK_EQ(info.si_status, SIGTERM);

    /* Options must ask for something, and nothing unknown. */
    CHECK_ERRNO(waitid(P_ALL, 0, &info, 0), EINVAL);
    CHECK_ERRNO(waitid(P_ALL, 0, &info, WNOHANG), EINVAL);
    CHECK_ERRNO(waitid(7, 0, &info, WEXITED), EINVAL);
    CHECK_EQ(RAW4(SYS_waitid, P_ALL, 0, &info, WEXITED | 0x4000), -EINVAL);
}

TEST(proc, waitid_bad_info_pointer)
{
    pid_t pid = tl_fork();
    if (pid == 0)
        _exit(3);
    CHECK_EQ(RAW4(SYS_waitid, P_PID, pid, (void *)0xC0000000, WEXITED), -EFAULT);
    /* The failed copy must not have consumed the child. */
    tl_wait_exit(pid, 3);
}

TEST(proc, waitpid_by_process_group)
{
    pid_t a = tl_fork();
    if (a == 0) {
        setpgid(0, 0);
        _exit(5);
    }
    setpgid(a, a);
    pid_t b = tl_fork();
    if (b == 0)
        _exit(6);   /* stays in our group */
    int status;
    CHECK_EQ(waitpid(-a, &status, 0), a);
    CHECK_EQ(WEXITSTATUS(status), 5);
    CHECK_ERRNO(waitpid(-a, &status, WNOHANG), ECHILD);
    CHECK_EQ(waitpid(0, &status, 0), b);    /* 0: our own group */
    CHECK_EQ(WEXITSTATUS(status), 6);
}

TEST(proc, fork_exit_wait_1000_times)
{
    for (int i = 0; i < 1000; i++) {
        pid_t pid = fork();
        if (pid < 0) {
            tl_fail(__FILE__, __LINE__, "fork %d failed: %s", i, tl_errno_name(errno));
            return;
        }
        if (pid == 0)
            _exit(i & 0xff);
        int status;
        if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != (i & 0xff)) {
            tl_fail(__FILE__, __LINE__, "cycle %d: %s", i, tl_status_text(status));
            return;
        }
    }
}

TEST(proc, hundred_concurrent_children)
{
    enum { N = 100 };
    pid_t pids[N];
    int fds[2];
    REQUIRE_OK(pipe(fds));
    for (int i = 0; i < N; i++) {
        pids[i] = tl_fork();
        if (pids[i] == 0) {
            char c;
            close(fds[1]);
            /* Everyone is alive at once: each waits for the parent's go. */
            read(fds[0], &c, 1);
            _exit(i);
        }
    }
    close(fds[0]);
    close(fds[1]);
    bool seen[N] = { false };
    for (int i = 0; i < N; i++) {
        int status;
        pid_t r = wait(&status);
        int j = 0;
        while (j < N && pids[j] != r)
            j++;
        if (!CHECK(j < N) || !CHECK(WIFEXITED(status)))
            continue;
        CHECK_EQ(WEXITSTATUS(status), j);
        CHECK(!seen[j]);
        seen[j] = true;
    }
    CHECK_ERRNO(wait(NULL), ECHILD);
}

static volatile int cow_var = 1;
static char cow_big[3 * 4096];

TEST(proc, copy_on_write_both_ways)
{
    int to_child[2], to_parent[2];
    REQUIRE_OK(pipe(to_child));
    REQUIRE_OK(pipe(to_parent));
    memset(cow_big, 'p', sizeof(cow_big));
    char *heap = malloc(10000);
    REQUIRE(heap);
    memset(heap, 'h', 10000);
    int on_stack = 100;
    pid_t pid = tl_fork();
    char c;
    if (pid == 0) {
        /* The child writes first; the parent must not see it. */
        cow_var = 2;
        cow_big[4096] = 'c';
        heap[5000] = 'c';
        on_stack = 200;
        write(to_parent[1], "x", 1);
        read(to_child[0], &c, 1);
        /* Then the parent wrote; the child keeps its own values. */
        CHECK_EQ(cow_var, 2);
        CHECK_EQ(cow_big[4096], 'c');
        CHECK_EQ(cow_big[0], 'p');
        CHECK_EQ(heap[5000], 'c');
        CHECK_EQ(heap[4999], 'h');
        CHECK_EQ(on_stack, 200);
        tl_exit();
    }
    CHECK_EQ(read(to_parent[0], &c, 1), 1);
    CHECK_EQ(cow_var, 1);
    CHECK_EQ(cow_big[4096], 'p');
    CHECK_EQ(heap[5000], 'h');
    CHECK_EQ(on_stack, 100);
    cow_var = 3;
    cow_big[4096] = 'P';
    heap[5000] = 'H';
    on_stack = 300;
    write(to_child[1], "y", 1);
    tl_wait_exit(pid, 0);
    CHECK_EQ(cow_var, 3);
    CHECK_EQ(heap[5000], 'H');
    free(heap);
}

TEST(proc, exit_closes_descriptors_and_frees_memory)
{
    /* A child that maps a lot and exits must give it back: do it often
     * enough that a leak would run the machine out of memory. */
    for (int i = 0; i < 40; i++) {
        pid_t pid = tl_fork();
        if (pid == 0) {
            char *p = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED)
                _exit(1);
            for (int off = 0; off < (4 << 20); off += 4096)
                p[off] = 1;
            _exit(0);
        }
        if (!tl_wait_exit(pid, 0))
            break;
    }
    /* The writer's end closes with the process, so the reader sees EOF. */
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        close(fds[0]);
        _exit(0);
    }
    close(fds[1]);
    char c;
    CHECK_EQ(read(fds[0], &c, 1), 0);
    tl_wait_exit(pid, 0);
}

TEST(proc, orphans_are_reparented)
{
    int go[2], report[2];
    REQUIRE_OK(pipe(go));
    REQUIRE_OK(pipe(report));
    pid_t mid = tl_fork();
    if (mid == 0) {
        pid_t grandchild = tl_fork();
        if (grandchild == 0) {
            char c;
            close(go[1]);
            read(go[0], &c, 1);
            pid_t pp = getppid();
            write(report[1], &pp, sizeof(pp));
            _exit(0);
        }
        _exit(0);
    }
    tl_wait_exit(mid, 0);
    /* The grandchild is no child of ours. */
    CHECK_ERRNO(waitpid(-1, NULL, WNOHANG), ECHILD);
    close(go[1]);
    close(report[1]);
    pid_t pp = -1;
    CHECK_EQ(tl_read_full(report[0], &pp, sizeof(pp)), sizeof(pp));
    /* Its parent is gone: init (pid 1) adopted it, or nobody (0) when
     * there is no init, as in test mode. */
    CHECK_NE(pp, mid);
    CHECK(pp == 1 || pp == 0);
}
