/* Pipes between processes, PIPE_BUF atomicity, EPIPE with SIGPIPE,
 * non-blocking ends, and waiting for descriptors with poll and select. */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned char pattern_byte(size_t i)
{
    return (unsigned char)((i * 31 + (i >> 9)) & 0xff);
}

TEST(pipes, megabytes_between_processes_intact)
{
    enum { TOTAL = 4 << 20 };
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        close(fds[0]);
        static unsigned char buf[7919];   /* odd sizes cross every boundary */
        size_t sent = 0;
        while (sent < TOTAL) {
            size_t n = TOTAL - sent < sizeof(buf) ? TOTAL - sent : sizeof(buf);
            for (size_t i = 0; i < n; i++)
                buf[i] = pattern_byte(sent + i);
            if (tl_write_all(fds[1], buf, n) < 0)
                _exit(2);
            sent += n;
        }
        _exit(0);
    }
    close(fds[1]);
    static unsigned char buf[5003];
    size_t got = 0;
    bool intact = true;
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n && intact; i++)
            if (buf[i] != pattern_byte(got + i)) {
                tl_fail(__FILE__, __LINE__, "byte %zu is %#x, expected %#x", got + i, buf[i],
                        pattern_byte(got + i));
                intact = false;
            }
        got += n;
    }
    CHECK_EQ(n, 0);
    CHECK_EQ(got, TOTAL);
    tl_wait_exit(pid, 0);
}

TEST(pipes, writes_up_to_pipe_buf_are_atomic)
{
    enum { WRITERS = 4, RECORDS = 64, SIZE = PIPE_BUF };
    int fds[2];
    REQUIRE_OK(pipe(fds));
    for (int w = 0; w < WRITERS; w++) {
        pid_t pid = tl_fork();
        if (pid == 0) {
            close(fds[0]);
            static char rec[SIZE];
            memset(rec, 'A' + w, sizeof(rec));
            for (int r = 0; r < RECORDS; r++)
                if (write(fds[1], rec, sizeof(rec)) != sizeof(rec))
                    _exit(1);
            _exit(0);
        }
    }
    close(fds[1]);
    static char rec[SIZE];
    int counts[WRITERS] = { 0 };
    for (;;) {
        ssize_t n = tl_read_full(fds[0], rec, sizeof(rec));
        if (n == 0)
            break;
        if (!CHECK_EQ(n, SIZE))
            break;
        /* A whole record of one writer: never interleaved. */
        char c = rec[0];
        bool uniform = true;
        for (int i = 1; i < SIZE; i++)
            uniform = uniform && rec[i] == c;
        if (!CHECK(uniform) || !CHECK(c >= 'A' && c < 'A' + WRITERS))
            break;
        counts[c - 'A']++;
    }
    for (int w = 0; w < WRITERS; w++)
        CHECK_EQ(counts[w], RECORDS);
    while (wait(NULL) > 0)
        ;
}

TEST(pipes, epipe_and_sigpipe)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    close(fds[0]);
    /* Default action: the writer dies of SIGPIPE. */
    pid_t pid = tl_fork();
    if (pid == 0) {
        write(fds[1], "x", 1);
        _exit(0);
    }
    tl_wait_signal(pid, SIGPIPE);
    /* Ignored: the write fails with EPIPE instead. */
    signal(SIGPIPE, SIG_IGN);
    CHECK_ERRNO(write(fds[1], "x", 1), EPIPE);
    signal(SIGPIPE, SIG_DFL);
    close(fds[1]);
}

TEST(pipes, eof_when_every_writer_is_gone)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    int extra = CHECK_OK(dup(fds[1]));
    CHECK_EQ(write(fds[1], "ab", 2), 2);
    close(fds[1]);
    char buf[4];
    CHECK_EQ(read(fds[0], buf, sizeof(buf)), 2);   /* a short read of what is there */
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    CHECK_ERRNO(read(fds[0], buf, 1), EAGAIN);     /* one writer is left */
    close(extra);
    CHECK_EQ(read(fds[0], buf, 1), 0);
}

TEST(pipes, nonblocking_ends)
{
    int fds[2];
    REQUIRE_OK(pipe2(fds, O_NONBLOCK | O_CLOEXEC));
    CHECK(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
    CHECK_EQ(fcntl(fds[1], F_GETFD), FD_CLOEXEC);
    char c;
    CHECK_ERRNO(read(fds[0], &c, 1), EAGAIN);
    /* Fill it: the writes stop with EAGAIN, after a partial one at most. */
    static char chunk[1000];
    size_t total = 0;
    for (int i = 0; i < 100000; i++) {
        ssize_t n = write(fds[1], chunk, sizeof(chunk));
        if (n < 0) {
            CHECK_EQ(errno, EAGAIN);
            break;
        }
        total += n;
    }
    CHECK_CMP(total, >=, PIPE_BUF);
    CHECK_CMP(total, <, 100000000);
    /* Writes of at most PIPE_BUF are never split: all or EAGAIN. */
    CHECK_EQ(total % sizeof(chunk), 0);
    int singles = 0;
    while (write(fds[1], chunk, 1) == 1 && singles < 100000)
        singles++;
    CHECK_EQ(errno, EAGAIN);
    CHECK_CMP(singles, <, (int)sizeof(chunk));
    CHECK_EQ(read(fds[0], chunk, sizeof(chunk)), sizeof(chunk));
    CHECK_EQ(write(fds[1], chunk, 1), 1);
    int bad[2];
    CHECK_ERRNO(pipe2(bad, 0x40000000), EINVAL);
    CHECK_EQ(RAW2(SYS_pipe2, 0xC0000000, 0), -EFAULT);
}

TEST(pipes, pipe_ends_have_one_direction)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    char c;
    CHECK_ERRNO(write(fds[0], "x", 1), EBADF);
    CHECK_ERRNO(read(fds[1], &c, 1), EBADF);
}

TEST(poll, readiness_and_hangup)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    struct pollfd p[3] = { { fds[0], POLLIN, 0 }, { fds[1], POLLOUT, 0 }, { 999, POLLIN, 0 } };
    CHECK_EQ(poll(p, 3, 0), 2);
    CHECK_EQ(p[0].revents, 0);
    CHECK_EQ(p[1].revents, POLLOUT);
    CHECK_EQ(p[2].revents, POLLNVAL);
    CHECK_EQ(write(fds[1], "x", 1), 1);
    CHECK_EQ(poll(p, 1, 0), 1);
    CHECK(p[0].revents & POLLIN);
    /* Negative descriptors are skipped. */
    struct pollfd skip = { -1, POLLIN, 0x55 };
    CHECK_EQ(poll(&skip, 1, 0), 0);
    CHECK_EQ(skip.revents, 0);
    close(fds[1]);
    p[0].revents = 0;
    CHECK_EQ(poll(p, 1, 0), 1);
    CHECK(p[0].revents & POLLHUP);
    /* The reader gone: the writer sees POLLERR. */
    int w[2];
    REQUIRE_OK(pipe(w));
    close(w[0]);
    struct pollfd pw = { w[1], POLLOUT, 0 };
    CHECK_EQ(poll(&pw, 1, 0), 1);
    CHECK(pw.revents & POLLERR);
}

TEST(poll, timeouts)
{
    int fds[2];
    REQUIRE_OK(pipe(fds));
    struct pollfd p = { fds[0], POLLIN, 0 };
    int64_t t0 = tl_now_ns();
    CHECK_EQ(poll(&p, 1, 50), 0);
    CHECK_CMP(tl_now_ns() - t0, >=, 50000000);
    CHECK_EQ(poll(NULL, 0, 10), 0);
    CHECK_ERRNO(poll(&p, 1, -2), EINVAL);
    CHECK_EQ(RAW3(SYS_poll, 0xC0000000, 1, 0), -EFAULT);
    CHECK_EQ(RAW3(SYS_poll, &p, 100000, 0), -EINVAL);
    /* -1 waits for as long as it takes: a child writes after a while. */
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_sleep_ms(30);
        write(fds[1], "y", 1);
        _exit(0);
    }
    t0 = tl_now_ns();
    CHECK_EQ(poll(&p, 1, -1), 1);
    CHECK_CMP(tl_now_ns() - t0, >=, 20000000);
    CHECK(p.revents & POLLIN);
    tl_wait_exit(pid, 0);
}

TEST(poll, select_reports_ready_sets)
{
    int a[2], b[2];
    REQUIRE_OK(pipe(a));
    REQUIRE_OK(pipe(b));
    CHECK_EQ(write(b[1], "z", 1), 1);
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(a[0], &rd);
    FD_SET(b[0], &rd);
    FD_SET(a[1], &wr);
    int maxfd = a[0] > b[0] ? a[0] : b[0];
    maxfd = maxfd > a[1] ? maxfd : a[1];
    struct timeval tv = { 0, 0 };
    CHECK_EQ(select(maxfd + 1, &rd, &wr, NULL, &tv), 2);
    CHECK(!FD_ISSET(a[0], &rd));
    CHECK(FD_ISSET(b[0], &rd));
    CHECK(FD_ISSET(a[1], &wr));
    FD_ZERO(&rd);
    FD_SET(a[0], &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 30000;
    int64_t t0 = tl_now_ns();
    CHECK_EQ(select(a[0] + 1, &rd, NULL, NULL, &tv), 0);
    CHECK_CMP(tl_now_ns() - t0, >=, 30000000);
    FD_ZERO(&rd);
    FD_SET(900, &rd);
    tv.tv_usec = 0;
    CHECK_ERRNO(select(901, &rd, NULL, NULL, &tv), EBADF);
    CHECK_ERRNO(select(-1, NULL, NULL, NULL, &tv), EINVAL);
}
