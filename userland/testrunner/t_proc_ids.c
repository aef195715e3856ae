/* Process identity: pids, credentials with the POSIX rules for root and
 * for everybody else, supplementary groups, and the machine-wide names.
 * Calls that libc may not wrap yet go through rawsys.h, which also lets us
 * pass pointers no wrapper would. */
#include "rawsys.h"
#include "testlib.h"
#include <grp.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#define KERNEL_PTR ((void *)0xC0000000)
#define UNMAPPED_PTR ((void *)0x10)

TEST(proc, getpid_getppid_gettid)
{
    pid_t me = getpid();
    CHECK_CMP(me, >, 1);
    CHECK_EQ(getpid(), me);
    CHECK_EQ(gettid(), me);  /* the main thread's id is the process id */
    pid_t parent = getppid();
    CHECK_CMP(parent, >, 0);
    CHECK_NE(parent, me);
    pid_t pid = tl_fork();
    if (pid == 0) {
        CHECK_EQ(getppid(), me);
        CHECK_NE(getpid(), me);
        CHECK_EQ(gettid(), getpid());
        tl_exit();
    }
    CHECK_CMP(pid, >, 0);
    tl_wait_exit(pid, 0);
}

TEST(proc, root_credentials)
{
    CHECK_EQ(getuid(), 0);
    CHECK_EQ(geteuid(), 0);
    CHECK_EQ(getgid(), 0);
    CHECK_EQ(getegid(), 0);
    uid_t r = 9, e = 9, s = 9;
    CHECK_OK(getresuid(&r, &e, &s));
    CHECK(r == 0 && e == 0 && s == 0);
    gid_t gr = 9, ge = 9, gs = 9;
    CHECK_OK(getresgid(&gr, &ge, &gs));
    CHECK(gr == 0 && ge == 0 && gs == 0);
    CHECK_EQ(RAW3(SYS_getresuid, &r, KERNEL_PTR, &s), -EFAULT);
    CHECK_EQ(RAW3(SYS_getresgid, UNMAPPED_PTR, &ge, &gs), -EFAULT);
}

TEST(proc, setuid_as_root_sets_all_three)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        CHECK_OK(setgid(1000));
        CHECK_OK(setuid(1000));
        uid_t r, e, s;
        CHECK_OK(getresuid(&r, &e, &s));
        CHECK(r == 1000 && e == 1000 && s == 1000);
        gid_t gr, ge, gs;
        CHECK_OK(getresgid(&gr, &ge, &gs));
        CHECK(gr == 1000 && ge == 1000 && gs == 1000);
        /* No way back. */
        CHECK_ERRNO(setuid(0), EPERM);
        CHECK_ERRNO(seteuid(0), EPERM);
        CHECK_ERRNO(setresuid(0, -1, -1), EPERM);
        CHECK_ERRNO(setgid(0), EPERM);
        CHECK_ERRNO(setegid(0), EPERM);
        CHECK_EQ(getuid(), 1000);
        CHECK_EQ(geteuid(), 1000);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    CHECK_EQ(getuid(), 0);  /* the parent is untouched */
}

TEST(proc, seteuid_keeps_the_saved_id)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        CHECK_OK(seteuid(1000));
        uid_t r, e, s;
        CHECK_OK(getresuid(&r, &e, &s));
        CHECK(r == 0 && e == 1000 && s == 0);
        /* Not root now: setuid only changes the effective id... */
        CHECK_ERRNO(setuid(1234), EPERM);
        CHECK_ERRNO(setgroups(0, NULL), EPERM);
        /* ...and may go back to the real/saved one. */
        CHECK_OK(setuid(0));
        CHECK_EQ(geteuid(), 0);
        CHECK_OK(setresuid(1000, 2000, 0));
        CHECK_OK(getresuid(&r, &e, &s));
        CHECK(r == 1000 && e == 2000 && s == 0);
        /* An unprivileged process may shuffle among its three ids only. */
        CHECK_OK(setresuid(2000, 1000, -1));
        CHECK_ERRNO(setresuid(3000, -1, -1), EPERM);
        CHECK_OK(seteuid(0));
        CHECK_EQ(geteuid(), 0);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
}

TEST(proc, set_id_rejects_minus_one)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        CHECK_ERRNO(setuid((uid_t)-1), EINVAL);
        CHECK_ERRNO(setgid((gid_t)-1), EINVAL);
        CHECK_ERRNO(seteuid((uid_t)-1), EINVAL);
        /* -1 in setresuid means "unchanged". */
        CHECK_OK(setresuid(-1, -1, -1));
        CHECK_EQ(getuid(), 0);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
}

TEST(proc, groups)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        gid_t set[3] = { 5, 6, 7 };
        CHECK_OK(setgroups(3, set));
        CHECK_EQ(getgroups(0, NULL), 3);
        gid_t got[8] = { 0 };
        CHECK_EQ(getgroups(8, got), 3);
        CHECK(got[0] == 5 && got[1] == 6 && got[2] == 7);
        CHECK_ERRNO(getgroups(2, got), EINVAL);
        CHECK_ERRNO(getgroups(-1, got), EINVAL);
        CHECK_EQ(RAW2(SYS_getgroups, 8, KERNEL_PTR), -EFAULT);
        CHECK_EQ(RAW2(SYS_setgroups, 2, UNMAPPED_PTR), -EFAULT);
        CHECK_EQ(RAW2(SYS_setgroups, -1, set), -EINVAL);
        CHECK_EQ(RAW2(SYS_setgroups, 1 << 20, set), -EINVAL);
        CHECK_OK(setgroups(0, NULL));
        CHECK_EQ(getgroups(0, NULL), 0);
        /* A forked child inherits them. */
        CHECK_OK(setgroups(1, set));
        pid_t c = tl_fork();
        if (c == 0) {
            gid_t g[2] = { 0 };
            CHECK_EQ(getgroups(2, g), 1);
            CHECK_EQ(g[0], 5);
            tl_exit();
        }
        tl_wait_exit(c, 0);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
}

TEST(proc, sched_yield)
{
    for (int i = 0; i < 100; i++)
        CHECK_EQ(RAW0(SYS_sched_yield), 0);
}

TEST(proc, uname)
{
    struct utsname u;
    memset(&u, 0x55, sizeof(u));
    CHECK_EQ(RAW1(SYS_uname, &u), 0);
    CHECK_STREQ(u.sysname, "Kestrel");
    CHECK_STREQ(u.machine, "i686");
    CHECK_CMP(strlen(u.release), >, 0);
    CHECK_CMP(strlen(u.nodename), <, sizeof(u.nodename));
    CHECK_EQ(RAW1(SYS_uname, KERNEL_PTR), -EFAULT);
    CHECK_EQ(RAW1(SYS_uname, UNMAPPED_PTR), -EFAULT);
    CHECK_EQ(RAW1(SYS_uname, NULL), -EFAULT);
}

TEST(proc, hostname)
{
    char old[80] = { 0 };
    REQUIRE(RAW2(SYS_gethostname, old, sizeof(old)) == 0);
    static const char name[] = "tl-host";
    CHECK_EQ(RAW2(SYS_sethostname, name, strlen(name)), 0);
    char got[80];
    CHECK_EQ(RAW2(SYS_gethostname, got, sizeof(got)), 0);
    CHECK_STREQ(got, name);
    struct utsname u;
    CHECK_EQ(RAW1(SYS_uname, &u), 0);
    CHECK_STREQ(u.nodename, name);
    /* A buffer without room for the NUL. */
    CHECK_EQ(RAW2(SYS_gethostname, got, strlen(name)), -ENAMETOOLONG);
    CHECK_EQ(RAW2(SYS_gethostname, KERNEL_PTR, 80), -EFAULT);
    CHECK_EQ(RAW2(SYS_sethostname, KERNEL_PTR, 4), -EFAULT);
    CHECK_EQ(RAW2(SYS_sethostname, name, 100000), -EINVAL);
    /* Only root may rename the machine. */
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_drop_root();
        CHECK_EQ(RAW2(SYS_sethostname, "evil", 4), -EPERM);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    CHECK_EQ(RAW2(SYS_gethostname, got, sizeof(got)), 0);
    CHECK_STREQ(got, name);
    CHECK_EQ(RAW2(SYS_sethostname, old, strlen(old)), 0);
}

TEST(proc, getrandom)
{
    unsigned char a[64], b[64];
    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    CHECK_EQ(RAW3(SYS_getrandom, a, sizeof(a), 0), sizeof(a));
    CHECK_EQ(RAW3(SYS_getrandom, b, sizeof(b), 0), sizeof(b));
    CHECK(memcmp(a, b, sizeof(a)) != 0);
    int zeros = 0;
    for (size_t i = 0; i < sizeof(a); i++)
        zeros += a[i] == 0;
    CHECK_CMP(zeros, <, 16);
    CHECK_EQ(RAW3(SYS_getrandom, a, 0, 0), 0);
    CHECK_EQ(RAW3(SYS_getrandom, a, sizeof(a), 0x100), -EINVAL);
    CHECK_EQ(RAW3(SYS_getrandom, KERNEL_PTR, 16, 0), -EFAULT);
    CHECK_EQ(RAW3(SYS_getrandom, UNMAPPED_PTR, 16, 0), -EFAULT);
    /* A forked child must not replay the parent's stream. */
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        unsigned char c[32];
        RAW3(SYS_getrandom, c, sizeof(c), 0);
        tl_write_all(fds[1], c, sizeof(c));
        tl_exit();
    }
    unsigned char mine[32], theirs[32];
    RAW3(SYS_getrandom, mine, sizeof(mine), 0);
    CHECK_EQ(tl_read_full(fds[0], theirs, sizeof(theirs)), sizeof(theirs));
    CHECK(memcmp(mine, theirs, sizeof(mine)) != 0);
    tl_wait_exit(pid, 0);
}

TEST(proc, set_process_name)
{
    CHECK_EQ(RAW2(SYS_set_process_name, "renamed", 7), 0);
    /* Overlong names are cut, not refused. */
    char longname[300];
    memset(longname, 'n', sizeof(longname));
    CHECK_EQ(RAW2(SYS_set_process_name, longname, sizeof(longname)), 0);
    CHECK_EQ(RAW2(SYS_set_process_name, KERNEL_PTR, 8), -EFAULT);
    CHECK_EQ(RAW2(SYS_set_process_name, UNMAPPED_PTR, 8), -EFAULT);
}
