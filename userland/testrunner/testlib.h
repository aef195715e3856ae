/* The userland test suite's assertion library and test registry.
 *
 * A test is a function declared with TEST(group, name) in any file of this
 * directory; the runner (runner.c) runs each one in a fresh child process,
 * in a scratch directory of its own, with a time limit. A test passes when
 * its process exits with status 0 and no check failed anywhere: checks
 * made in the test's own children count too, because every failed check is
 * also signalled to the runner through a pipe the whole process tree
 * inherits.
 *
 * Checks report "file:line: what was checked: got X, expected Y" as a TAP
 * diagnostic and go on; REQUIRE additionally ends the test (or the child
 * it runs in) at once, for when nothing after it can make sense. */
#ifndef TESTLIB_H
#define TESTLIB_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct tl_test {
    const char *group;
    const char *name;
    void (*fn)(void);
    int timeout_s;          /* 0: the runner's default */
};

void tl_register(const struct tl_test *t);

#define TL_CAT_(a, b) a##b
#define TL_CAT(a, b) TL_CAT_(a, b)

/* TEST_TIMEOUT(group, name, seconds) { body } declares a test; TEST uses the
 * default limit. group and name are identifiers; the result is reported as
 * "group/name". */
#define TEST_TIMEOUT(group, name, seconds)                                        \
    static void TL_CAT(tl_fn_##group##_, name)(void);                             \
    static const struct tl_test TL_CAT(tl_t_##group##_, name) = {                 \
        #group, #name, TL_CAT(tl_fn_##group##_, name), (seconds) };               \
    __attribute__((constructor)) static void TL_CAT(tl_reg_##group##_, name)(void) \
    {                                                                             \
        tl_register(&TL_CAT(tl_t_##group##_, name));                              \
    }                                                                             \
    static void TL_CAT(tl_fn_##group##_, name)(void)
#define TEST(group, name) TEST_TIMEOUT(group, name, 0)

/* Helper programs: "testrunner --helper NAME args..." runs the function
 * declared with HELPER(NAME) and exits with its result. Exec tests use them
 * as the program they start. */
struct tl_helper {
    const char *name;
    int (*fn)(int argc, char **argv);   /* argv[0] is NAME */
};
void tl_register_helper(const struct tl_helper *h);
#define HELPER(hname)                                                             \
    static int tl_helper_##hname(int argc, char **argv);                          \
    static const struct tl_helper tl_h_##hname = { #hname, tl_helper_##hname };   \
    __attribute__((constructor)) static void tl_hreg_##hname(void)                \
    {                                                                             \
        tl_register_helper(&tl_h_##hname);                                        \
    }                                                                             \
    static int tl_helper_##hname(int argc, char **argv)

/* Where the runner lives, for exec tests that start a helper. */
#define TL_SELF "/bin/testrunner"

/* The descriptor on which failed checks are signalled (a pipe's write end,
 * close-on-exec); tests that juggle descriptors must leave it alone. */
#define TL_FAIL_FD 1000

/* Failed checks so far in this process. */
extern int tl_failures;
/* "group/name" of the running test (for diagnostics). */
extern const char *tl_current;

/* Records one failure and prints the diagnostic. */
void tl_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* A diagnostic line that is not a failure. */
void tl_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Ends the calling process: status 1 if any check failed in it, else 0. */
__attribute__((noreturn)) void tl_exit(void);

const char *tl_errno_name(int e);
const char *tl_signal_name(int sig);

#define CHECK(cond)                                                          \
    ({                                                                       \
        bool tl_c_ = (cond);                                                 \
        if (!tl_c_)                                                          \
            tl_fail(__FILE__, __LINE__, "CHECK(%s) is false", #cond);        \
        tl_c_;                                                               \
    })

/* Integers of any kind up to 64 bits, and pointers. */
#define CHECK_EQ(got, want)                                                     \
    ({                                                                          \
        long long tl_g_ = (long long)(got), tl_w_ = (long long)(want);          \
        if (tl_g_ != tl_w_)                                                     \
            tl_fail(__FILE__, __LINE__, "CHECK_EQ(%s, %s): got %lld (%#llx), expected %lld (%#llx)", \
                    #got, #want, tl_g_, tl_g_, tl_w_, tl_w_);                   \
        tl_g_ == tl_w_;                                                         \
    })

#define CHECK_NE(got, bad)                                                       \
    ({                                                                           \
        long long tl_g_ = (long long)(got), tl_b_ = (long long)(bad);            \
        if (tl_g_ == tl_b_)                                                      \
            tl_fail(__FILE__, __LINE__, "CHECK_NE(%s, %s): both are %lld", #got, #bad, tl_g_); \
        tl_g_ != tl_b_;                                                          \
    })

/* A comparison: CHECK_CMP(elapsed, >=, 100). */
#define CHECK_CMP(a, op, b)                                                      \
    ({                                                                           \
        long long tl_a_ = (long long)(a), tl_b_ = (long long)(b);                \
        bool tl_c_ = tl_a_ op tl_b_;                                             \
        if (!tl_c_)                                                              \
            tl_fail(__FILE__, __LINE__, "CHECK_CMP(%s %s %s): %lld %s %lld is false", \
                    #a, #op, #b, tl_a_, #op, tl_b_);                             \
        tl_c_;                                                                   \
    })

#define CHECK_STREQ(got, want)                                                   \
    ({                                                                           \
        const char *tl_gs_ = (got), *tl_ws_ = (want);                            \
        bool tl_c_ = tl_gs_ && tl_ws_ && tl_streq(tl_gs_, tl_ws_);               \
        if (!tl_c_)                                                              \
            tl_fail(__FILE__, __LINE__, "CHECK_STREQ(%s, %s): got \"%s\", expected \"%s\"", \
                    #got, #want, tl_gs_ ? tl_gs_ : "(null)", tl_ws_ ? tl_ws_ : "(null)"); \
        tl_c_;                                                                   \
    })

/* The call must fail with -1 (or MAP_FAILED) and errno == err. */
#define CHECK_ERRNO(call, err)                                                   \
    ({                                                                           \
        errno = 0;                                                               \
        long tl_r_ = (long)(call);                                               \
        int tl_e_ = errno;                                                       \
        bool tl_c_ = tl_r_ == -1 && tl_e_ == (err);                              \
        if (!tl_c_)                                                              \
            tl_fail(__FILE__, __LINE__, "%s: returned %ld with errno %s, expected -1 with %s", \
                    #call, tl_r_, tl_r_ == -1 ? tl_errno_name(tl_e_) : "(untouched)",  \
                    tl_errno_name(err));                                         \
        tl_c_;                                                                   \
    })

/* The call must not fail (return -1); evaluates to its result. */
#define CHECK_OK(call)                                                           \
    ({                                                                           \
        errno = 0;                                                               \
        long tl_r_ = (long)(call);                                               \
        if (tl_r_ == -1)                                                         \
            tl_fail(__FILE__, __LINE__, "%s failed with %s", #call,              \
                    tl_errno_name(errno));                                       \
        tl_r_;                                                                   \
    })

/* Like CHECK, but ends the process on failure. */
#define REQUIRE(cond)                                                            \
    do {                                                                         \
        if (!(cond)) {                                                           \
            tl_fail(__FILE__, __LINE__, "REQUIRE(%s) is false; giving up", #cond); \
            tl_exit();                                                           \
        }                                                                        \
    } while (0)

#define REQUIRE_OK(call)                                                         \
    ({                                                                           \
        errno = 0;                                                               \
        long tl_r_ = (long)(call);                                               \
        if (tl_r_ == -1) {                                                       \
            tl_fail(__FILE__, __LINE__, "%s failed with %s; giving up", #call,   \
                    tl_errno_name(errno));                                       \
            tl_exit();                                                           \
        }                                                                        \
        tl_r_;                                                                   \
    })

bool tl_streq(const char *a, const char *b);

/* --- Process helpers ------------------------------------------------------ */

/* fork(), giving up the test if it fails. */
pid_t tl_fork(void);
/* Waits for pid (blocking) and returns its status word; a failed wait is a
 * failed check and returns -1. */
int tl_wait(pid_t pid);
/* Waits for pid and checks that it exited with `code`; returns whether so. */
#define tl_wait_exit(pid, code) tl_wait_exit_at(__FILE__, __LINE__, (pid), (code))
bool tl_wait_exit_at(const char *file, int line, pid_t pid, int code);
/* Waits for pid and checks that a signal `sig` ended it. */
#define tl_wait_signal(pid, sig) tl_wait_signal_at(__FILE__, __LINE__, (pid), (sig))
bool tl_wait_signal_at(const char *file, int line, pid_t pid, int sig);
/* Describes a wait status ("exited with 3", "killed by SIGSEGV"...). */
const char *tl_status_text(int status);

/* Becomes the unprivileged user 1000 (group 1000, no supplementary
 * groups); gives up the test if that fails. */
void tl_drop_root(void);

/* sched_yield(), through the raw call (libc may not wrap it yet). */
void tl_yield(void);

/* Monotonic time in nanoseconds. */
int64_t tl_now_ns(void);
/* Sleeps ms milliseconds (restarting after signals). */
void tl_sleep_ms(int ms);

/* Writes all of buf to fd or returns -1; reads exactly len bytes or to EOF,
 * returning how many. */
ssize_t tl_write_all(int fd, const void *buf, size_t len);
ssize_t tl_read_full(int fd, void *buf, size_t len);

/* Creates (or truncates) a file with the given contents; gives up on error. */
void tl_make_file(const char *path, const char *contents, int mode);
/* Removes a tree (files, links, directories); returns 0 or -1. */
int tl_remove_tree(const char *path);

/* A small deterministic pseudo-random generator (xorshift). */
uint32_t tl_rand(uint32_t *state);

/* Runs path with argv/envp in a child whose standard output is a pipe,
 * collects up to outsz-1 bytes of it (NUL-terminated) and waits. Returns
 * the child's wait status; if execve itself failed, the child exits 126
 * and *exec_errno (when not NULL) is its errno, else 0. */
int tl_run_capture(const char *path, char *const argv[], char *const envp[], char *out, size_t outsz,
                   int *exec_errno);
#endif
