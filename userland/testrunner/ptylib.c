/* The pty tests' helpers: see ptylib.h. */
#include "ptylib.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int pty_open_pair(char *slave, size_t size)
{
    int master = REQUIRE_OK(posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC));
    REQUIRE_OK(grantpt(master));
    REQUIRE_OK(unlockpt(master));
    int err = ptsname_r(master, slave, size);
    if (err) {
        tl_fail(__FILE__, __LINE__, "ptsname_r failed with %s", tl_errno_name(err));
        tl_exit();
    }
    return master;
}

void pty_become_session(const char *slave, int master)
{
    close(master);
    REQUIRE_OK(setsid());
    /* O_NOCTTY and then TIOCSCTTY: the way a program asks for it on purpose,
     * not by the accident of being the first open. */
    int fd = REQUIRE_OK(open(slave, O_RDWR | O_NOCTTY));
    REQUIRE_OK(ioctl(fd, TIOCSCTTY, 0));
    for (int i = 0; i < 3; i++)
        REQUIRE_OK(dup2(fd, i));
    if (fd > 2)
        close(fd);
}

/* One byte as it shows in a diagnostic: control characters spelled out. */
static size_t escape_byte(unsigned char c, char out[8])
{
    if (c == '\n')
        return (size_t)snprintf(out, 8, "\\n");
    if (c == '\r')
        return (size_t)snprintf(out, 8, "\\r");
    if (c < 32 || c >= 127)
        return (size_t)snprintf(out, 8, "\\x%02x", c);
    out[0] = (char)c;
    out[1] = 0;
    return 1;
}

/* The text of buf[from..len) as diagnostic lines. */
static void show_output(const struct pty_log *log, size_t from)
{
    char line[120];
    size_t n = 0;
    bool any = false;
    /* The tail is what matters when there is a lot. */
    if (log->len - from > 600)
        from = log->len - 600;
    for (size_t i = from; i < log->len; i++) {
        char esc[8];
        size_t el = escape_byte((unsigned char)log->buf[i], esc);
        if (n + el >= 100) {
            line[n] = 0;
            tl_note("  output: \"%s\"", line);
            n = 0;
        }
        memcpy(line + n, esc, el);
        n += el;
        any = true;
    }
    line[n] = 0;
    if (n || !any)
        tl_note("  output: \"%s\"", line);
}

static void *find(const char *hay, size_t hlen, const char *needle)
{
    size_t nlen = strlen(needle);
    for (size_t i = 0; i + nlen <= hlen; i++)
        if (memcmp(hay + i, needle, nlen) == 0)
            return (void *)(hay + i);
    return NULL;
}

bool pty_expect_at(const char *file, int line, struct pty_log *log, const char *want, size_t *at)
{
    int64_t deadline = tl_now_ns() + (int64_t)PTY_WAIT_MS * 1000000;
    const char *why = "timed out";
    for (;;) {
        char *hit = find(log->buf + log->seen, log->len - log->seen, want);
        if (hit) {
            size_t start = (size_t)(hit - log->buf);
            if (at)
                *at = start;
            log->seen = start + strlen(want);
            return true;
        }
        if (log->len == sizeof(log->buf)) {
            /* Keep the unmatched part; the start of the log is history. */
            size_t drop = log->seen ? log->seen : log->len / 2;
            memmove(log->buf, log->buf + drop, log->len - drop);
            log->len -= drop;
            log->seen -= log->seen ? drop : 0;
        }
        int64_t left_ms = (deadline - tl_now_ns()) / 1000000;
        if (left_ms <= 0)
            break;
        struct pollfd p = { .fd = log->fd, .events = POLLIN };
        int r = poll(&p, 1, (int)left_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            continue;   /* the deadline check above ends it */
        ssize_t n = read(log->fd, log->buf + log->len, sizeof(log->buf) - log->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            why = n == 0 ? "end of file" : tl_errno_name(errno);
            break;
        }
        log->len += (size_t)n;
    }
    char shown[100];
    size_t sl = 0;
    for (const char *p = want; *p && sl + 8 < sizeof(shown); p++)
        sl += escape_byte((unsigned char)*p, shown + sl);
    shown[sl] = 0;
    tl_fail(file, line, "expected \"%s\" from the terminal: %s; it wrote", shown, why);
    show_output(log, log->seen);
    return false;
}

void pty_send(int fd, int result, const void *data, size_t len)
{
    /* One write, so a message is never split in a pipe. */
    char msg[sizeof(int) * 2 + 256];
    if (len > 256)
        len = 256;
    int head[2] = { result, (int)len };
    memcpy(msg, head, sizeof(head));
    memcpy(msg + sizeof(head), data, len);
    (void)!write(fd, msg, sizeof(head) + len);
}

static bool read_within(int fd, void *buf, size_t len, int64_t deadline)
{
    size_t got = 0;
    while (got < len) {
        int64_t left_ms = (deadline - tl_now_ns()) / 1000000;
        if (left_ms <= 0)
            return false;
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int r = poll(&p, 1, (int)left_ms);
        if (r <= 0)
            continue;
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    return true;
}

bool pty_receive_at(const char *file, int line, int fd, int *result, char *data, size_t size)
{
    int64_t deadline = tl_now_ns() + (int64_t)PTY_WAIT_MS * 1000000;
    int head[2];
    char body[256];
    if (!read_within(fd, head, sizeof(head), deadline) || head[1] < 0 || head[1] > 256 ||
        !read_within(fd, body, (size_t)head[1], deadline)) {
        tl_fail(file, line, "no message from the child");
        return false;
    }
    size_t n = (size_t)head[1] < size - 1 ? (size_t)head[1] : size - 1;
    memcpy(data, body, n);
    data[n] = 0;
    *result = head[0];
    return true;
}

bool pty_wait_until(bool (*cond)(void *arg), void *arg, int timeout_ms)
{
    int64_t deadline = tl_now_ns() + (int64_t)timeout_ms * 1000000;
    int nap_us = 200;
    for (;;) {
        if (cond(arg))
            return true;
        if (tl_now_ns() > deadline)
            return false;
        usleep(nap_us);
        if (nap_us < 10000)
            nap_us *= 2;
    }
}
