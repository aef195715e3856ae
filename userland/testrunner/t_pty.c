/* Pseudo-terminals from a program's point of view: the libc calls that
 * open and name a pair, and the line discipline as a child on the slave
 * sees it while the test types at the master (echo, editing, end of file,
 * raw mode, the signal characters, hangups in both directions). */
#include "ptylib.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

TEST(pty, libc_opens_and_names_a_pair)
{
    CHECK_ERRNO(posix_openpt(O_RDONLY), EINVAL);
    int m = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
    REQUIRE(m >= 0);
    char name[64];
    REQUIRE(ptsname_r(m, name, sizeof(name)) == 0);
    CHECK(strncmp(name, "/dev/pts/", 9) == 0);
    char *static_name = ptsname(m);
    CHECK(static_name && tl_streq(static_name, name));
    CHECK_EQ(ptsname_r(m, name, 5), ERANGE);
    REQUIRE(ptsname_r(m, name, sizeof(name)) == 0);

    /* Locked until unlockpt, as POSIX has it. */
    CHECK_ERRNO(open(name, O_RDWR | O_NOCTTY), EIO);
    CHECK_OK(grantpt(m));
    CHECK_OK(unlockpt(m));
    int s = CHECK_OK(open(name, O_RDWR | O_NOCTTY));
    REQUIRE(s >= 0);

    struct stat st;
    CHECK_OK(stat(name, &st));
    CHECK(S_ISCHR(st.st_mode));
    CHECK_EQ(st.st_uid, geteuid());

    CHECK(isatty(s));
    CHECK(isatty(m));
    char tn[64];
    CHECK_EQ(ttyname_r(s, tn, sizeof(tn)), 0);
    CHECK_STREQ(tn, name);
    char *t = ttyname(s);
    CHECK(t && tl_streq(t, name));
    CHECK_EQ(ttyname_r(s, tn, 4), ERANGE);

    /* Only a master has a slave to name. */
    CHECK(ptsname(s) == NULL);
    CHECK_ERRNO(unlockpt(s), EINVAL);
    int p[2];
    REQUIRE_OK(pipe(p));
    errno = 0;
    CHECK(!isatty(p[0]));
    CHECK_EQ(errno, ENOTTY);
    CHECK(ttyname(p[0]) == NULL);
    CHECK_EQ(ptsname_r(p[0], tn, sizeof(tn)), ENOTTY);
    CHECK_ERRNO(grantpt(p[0]), EINVAL);
    CHECK_EQ(ptsname_r(99, tn, sizeof(tn)), EBADF);

    /* Each open is a pair of its own. */
    int m2 = CHECK_OK(posix_openpt(O_RDWR | O_NOCTTY));
    char name2[64];
    REQUIRE(ptsname_r(m2, name2, sizeof(name2)) == 0);
    CHECK(!tl_streq(name, name2));
    close(m2);
    close(s);
    close(m);
}

/* The parts every line-discipline test shares: a pair, a child in its own
 * session on the slave, and a pipe on which the child reports. */
struct session {
    int master;
    int report;         /* the test's read end */
    pid_t child;
    struct pty_log log;
};

static void start_session(struct session *s, void (*body)(int report))
{
    char slave[64];
    s->master = pty_open_pair(slave, sizeof(slave));
    int p[2];
    REQUIRE_OK(pipe2(p, O_CLOEXEC));
    s->child = tl_fork();
    if (s->child == 0) {
        close(p[0]);
        pty_become_session(slave, s->master);
        body(p[1]);
        tl_exit();
    }
    close(p[1]);
    s->report = p[0];
    s->log.fd = s->master;
    s->log.len = s->log.seen = 0;
}

static void type(struct session *s, const char *text)
{
    CHECK_EQ(tl_write_all(s->master, text, strlen(text)), (ssize_t)strlen(text));
}

/* The child's next report must be a read of exactly `want` (NULL: of
 * zero bytes, an end of file). */
#define expect_read(s, want) expect_read_at(__LINE__, (s), (want))
static void expect_read_at(int line, struct session *s, const char *want)
{
    int n;
    char data[260];
    if (!pty_receive(s->report, &n, data, sizeof(data)))
        return;
    size_t wl = want ? strlen(want) : 0;
    if (n != (int)wl || memcmp(data, want ? want : "", wl) != 0)
        tl_fail(__FILE__, line, "the child read %d bytes \"%s\", expected %zu bytes \"%s\"", n,
                n > 0 ? data : "", wl, want ? want : "");
}

/* A child that reports each of `count` reads of its terminal. */
static void report_reads(int report, int count)
{
    for (int i = 0; i < count; i++) {
        char buf[256];
        ssize_t n = read(0, buf, sizeof(buf));
        pty_send(report, n < 0 ? -errno : (int)n, buf, n > 0 ? (size_t)n : 0);
    }
}

static void two_reads(int report) { report_reads(report, 2); }
static void three_reads(int report) { report_reads(report, 3); }

TEST(pty, canonical_lines_are_echoed_and_read_whole)
{
    struct session s;
    start_session(&s, two_reads);
    type(&s, "abc\n");
    CHECK(pty_expect(&s.log, "abc\r\n"));
    expect_read(&s, "abc\n");
    /* A carriage return ends a line too (ICRNL). */
    type(&s, "de");
    type(&s, "f\r");
    CHECK(pty_expect(&s.log, "def\r\n"));
    expect_read(&s, "def\n");
    tl_wait_exit(s.child, 0);
}

TEST(pty, erase_and_kill_edit_the_line)
{
    struct session s;
    start_session(&s, three_reads);
    type(&s, "abx\177c\n");
    /* ECHOE: the erased byte disappears from the screen too. */
    CHECK(pty_expect(&s.log, "abx\b \bc\r\n"));
    expect_read(&s, "abc\n");
    type(&s, "junk\025ok\n");
    expect_read(&s, "ok\n");
    CHECK(pty_expect(&s.log, "ok\r\n"));
    type(&s, "one two\027three\n");
    expect_read(&s, "one three\n");
    tl_wait_exit(s.child, 0);
}

TEST(pty, eof_character_ends_a_read)
{
    struct session s;
    start_session(&s, three_reads);
    type(&s, "\004");
    expect_read(&s, NULL);
    /* In the middle of a line, ^D hands over what was typed, no newline. */
    type(&s, "ab\004");
    expect_read(&s, "ab");
    type(&s, "\004");
    expect_read(&s, NULL);
    tl_wait_exit(s.child, 0);
}

static void raw_reader(int report)
{
    struct termios t;
    REQUIRE_OK(tcgetattr(0, &t));
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    REQUIRE_OK(tcsetattr(0, TCSANOW, &t));
    pty_send(report, 0, "ready", 5);
    report_reads(report, 3);
    (void)!write(1, "done\n", 5);
}

TEST(pty, raw_mode_delivers_each_byte_without_echo)
{
    struct session s;
    start_session(&s, raw_reader);
    expect_read(&s, NULL);  /* "ready" comes with a result of 0 */
    /* Each byte is readable alone: nobody waits for a newline. */
    type(&s, "a");
    expect_read(&s, "a");
    type(&s, "b");
    expect_read(&s, "b");
    type(&s, "\177");       /* no editing either */
    expect_read(&s, "\177");
    size_t at = 1;
    CHECK(pty_expect_at(__FILE__, __LINE__, &s.log, "done\r\n", &at));
    CHECK_EQ(at, 0);        /* nothing was echoed before it */
    tl_wait_exit(s.child, 0);
}

static void wait_forever(int report)
{
    pty_send(report, 0, "", 0);
    for (;;)
        pause();
}

TEST(pty, intr_character_kills_the_foreground_group)
{
    struct session s;
    start_session(&s, wait_forever);
    expect_read(&s, NULL);
    type(&s, "\003");
    CHECK(pty_expect(&s.log, "^C"));
    tl_wait_signal(s.child, SIGINT);
}

/* A shell's part: runs a job in a process group of its own in the
 * foreground and reports how waitpid saw it stop. The job is not the
 * session leader's group, so it is not orphaned and may be stopped. */
static void job_in_foreground(int report)
{
    pid_t job = fork();
    if (job == 0) {
        setpgid(0, 0);
        for (;;)
            pause();
    }
    REQUIRE(job > 0);
    setpgid(job, job);
    REQUIRE_OK(tcsetpgrp(0, job));
    pty_send(report, 0, "", 0);
    int status;
    pid_t r = waitpid(job, &status, WUNTRACED);
    pty_send(report, r == job ? status : -errno, "", 0);
    kill(job, SIGKILL);
    waitpid(job, &status, 0);
}

TEST(pty, susp_character_stops_the_foreground_group)
{
    struct session s;
    start_session(&s, job_in_foreground);
    expect_read(&s, NULL);
    type(&s, "\032");
    CHECK(pty_expect(&s.log, "^Z"));
    int status;
    char unused[4];
    if (pty_receive(s.report, &status, unused, sizeof(unused))) {
        if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTSTP)
            tl_fail(__FILE__, __LINE__, "waitpid(WUNTRACED) saw %s, expected a stop by SIGTSTP",
                    tl_status_text(status));
    }
    tl_wait_exit(s.child, 0);
}

static void say_bye(int report)
{
    (void)report;
    (void)!write(1, "bye\n", 4);
}

TEST(pty, master_reads_eio_once_the_slave_is_closed)
{
    struct session s;
    start_session(&s, say_bye);
    CHECK(pty_expect(&s.log, "bye\r\n"));
    tl_wait_exit(s.child, 0);
    struct pollfd p = { .fd = s.master, .events = POLLIN };
    CHECK_EQ(poll(&p, 1, PTY_WAIT_MS), 1);
    CHECK(p.revents & POLLHUP);
    char c;
    CHECK_ERRNO(read(s.master, &c, 1), EIO);
}

static void hangup_victim(int report)
{
    pty_send(report, 0, "", 0);
    char c;
    (void)!read(0, &c, 1);
    pty_send(report, 1, "", 0);     /* SIGHUP should have ended us */
}

static void hangup_survivor(int report)
{
    signal(SIGHUP, SIG_IGN);
    pty_send(report, 0, "", 0);
    char c;
    ssize_t n = read(0, &c, 1);
    pty_send(report, n < 0 ? -errno : (int)n, "", 0);
    n = write(1, "x", 1);
    pty_send(report, n < 0 ? -errno : (int)n, "", 0);
}

TEST(pty, closing_the_master_hangs_up_the_slave)
{
    struct session s;
    start_session(&s, hangup_victim);
    expect_read(&s, NULL);
    close(s.master);
    tl_wait_signal(s.child, SIGHUP);

    /* Without the signal, the terminal reads end of file and writes fail. */
    start_session(&s, hangup_survivor);
    expect_read(&s, NULL);
    close(s.master);
    expect_read(&s, NULL);
    int r;
    char unused[4];
    if (pty_receive(s.report, &r, unused, sizeof(unused)))
        CHECK_EQ(r, -EIO);
    tl_wait_exit(s.child, 0);
}
