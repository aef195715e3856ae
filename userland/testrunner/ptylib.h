/* Driving programs through a pseudo-terminal, for the pty tests: open a
 * pair, start a child whose controlling terminal is the slave, and read
 * what it writes from the master until an expected text shows up. */
#ifndef TESTRUNNER_PTYLIB_H
#define TESTRUNNER_PTYLIB_H
#include "testlib.h"
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How long any one expected event may take. Generous: QEMU's TCG on a
 * loaded build machine is slow, and a pass never waits for it. */
#define PTY_WAIT_MS 8000

/* A new master (close-on-exec), its slave unlocked; the slave's path goes
 * to slave (at least 32 bytes). Gives up the test on failure. */
int pty_open_pair(char *slave, size_t size);

/* In a freshly forked child: closes master, starts a new session and makes
 * the slave its controlling terminal and descriptors 0, 1 and 2. Gives up
 * the child on failure. */
void pty_become_session(const char *slave, int master);

/* Everything read from a master so far; `seen` is where the next
 * expectation starts looking. */
struct pty_log {
    int fd;
    size_t len, seen;
    char buf[8192];
};

/* Reads from the master (waiting with poll, up to timeout_ms) until `want`
 * appears at or after `seen`, then moves `seen` past it. On a time-out it
 * fails a check and shows what did arrive. Returns whether it appeared;
 * *at (when not NULL) is where the match started. */
#define pty_expect(log, want) pty_expect_at(__FILE__, __LINE__, (log), (want), NULL)
bool pty_expect_at(const char *file, int line, struct pty_log *log, const char *want, size_t *at);

/* Messages from a test's child to the test, over a pipe: each is a result
 * (a byte count or -errno) and the bytes that came with it. */
void pty_send(int fd, int result, const void *data, size_t len);
/* Waits up to PTY_WAIT_MS for the next message; false (a failed check) if
 * none came. data gets up to size-1 bytes, NUL-terminated. */
#define pty_receive(fd, result, data, size) pty_receive_at(__FILE__, __LINE__, (fd), (result), (data), (size))
bool pty_receive_at(const char *file, int line, int fd, int *result, char *data, size_t size);

/* Polls cond (with growing naps) until it holds or timeout_ms passed. */
bool pty_wait_until(bool (*cond)(void *arg), void *arg, int timeout_ms);
#endif
