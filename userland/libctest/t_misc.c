/* The rest: start-up state, setjmp, time, identity, the environment,
 * system facts, and the user and group databases. */
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "libctest.h"

static int constructor_ran;

__attribute__((constructor)) static void early(void)
{
    constructor_ran = 1;
}

static void test_startup_state(void)
{
    CHECK(constructor_ran);
    CHECK(environ != NULL);
    CHECK(getauxval(AT_PAGESZ) == 4096);
    CHECK(getauxval(AT_RANDOM) != 0);
    errno = 0;
    CHECK(getauxval(12345) == 0 && errno == ENOENT);
    CHECK(getpagesize() == 4096 && sysconf(_SC_PAGESIZE) == 4096);
    CHECK(getuid() == getauxval(AT_UID));
    /* The stack is 16-byte aligned as the ABI promises. */
    _Alignas(16) char probe[16];
    CHECK(((uintptr_t)probe & 15) == 0);
}

static jmp_buf env;
static int depth;

static void dive(int n)
{
    depth = n;
    if (n >= 50)
        longjmp(env, n);
    if (n < 1000)
        dive(n + 1);
}

static void test_setjmp(void)
{
    volatile int calls = 0;
    int r = setjmp(env);
    calls++;
    if (r == 0)
        dive(0);
    CHECK(r == 50 && depth == 50 && calls == 2);
    r = setjmp(env);
    if (r == 0)
        longjmp(env, 0);  /* 0 comes back as 1 */
    CHECK(r == 1);
}

static void test_time(void)
{
    time_t now = time(NULL);
    CHECK(now > 1600000000);  /* after 2020: the clock was set from the RTC */
    struct timeval tv;
    CHECK(gettimeofday(&tv, NULL) == 0 && tv.tv_sec >= now && tv.tv_usec < 1000000);
    struct timespec a, b;
    CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0);
    struct timespec req = { 0, 20 * 1000000 };
    CHECK(nanosleep(&req, NULL) == 0);
    CHECK(clock_gettime(CLOCK_MONOTONIC, &b) == 0);
    CHECK((b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec) >= 20000000LL);
    CHECK(clock_gettime(12345, &a) == -1 && errno == EINVAL);
    req.tv_nsec = 2000000000;
    CHECK(nanosleep(&req, NULL) == -1 && errno == EINVAL);
    CHECK(clock() != (clock_t)-1);
    CHECK(timespec_get(&a, TIME_UTC) == TIME_UTC);
    CHECK(sleep(0) == 0);
}

static void test_identity_and_system(void)
{
    uid_t r, e, s;
    CHECK(getresuid(&r, &e, &s) == 0 && r == getuid() && e == geteuid());
    gid_t gr, ge, gs;
    CHECK(getresgid(&gr, &ge, &gs) == 0 && gr == getgid() && ge == getegid());
    CHECK(getgroups(0, NULL) >= 0);
    CHECK(gettid() > 0 && getpid() > 0);

    struct utsname u;
    CHECK(uname(&u) == 0 && strcmp(u.sysname, "Kestrel") == 0 && strcmp(u.machine, "i686") == 0);
    char host[HOST_NAME_MAX + 1];
    CHECK(gethostname(host, sizeof(host)) == 0 && strlen(host) > 0);
    CHECK(gethostname(host, 1) == -1 && errno == ENAMETOOLONG);

    unsigned char a[32] = { 0 }, b[32] = { 0 };
    CHECK(getrandom(a, sizeof(a), 0) == 32 && getentropy(b, sizeof(b)) == 0);
    CHECK(memcmp(a, b, sizeof(a)) != 0);
    CHECK(getentropy(a, 257) == -1 && errno == EIO);

    char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(p != MAP_FAILED);
    if (p != MAP_FAILED) {
        CHECK(p[0] == 0 && p[8191] == 0);
        p[100] = 1;
        CHECK(mprotect(p, 4096, PROT_READ) == 0);
        CHECK(munmap(p, 8192) == 0);
    }
    errno = 0;
    CHECK(mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED);
    CHECK(errno != 0);
}

static void test_environment(void)
{
    CHECK(setenv("LIBCTEST_A", "1", 1) == 0 && strcmp(getenv("LIBCTEST_A"), "1") == 0);
    CHECK(setenv("LIBCTEST_A", "2", 0) == 0 && strcmp(getenv("LIBCTEST_A"), "1") == 0);
    CHECK(unsetenv("LIBCTEST_A") == 0 && getenv("LIBCTEST_A") == NULL);
    /* Children see the changed environment through exec. */
    CHECK(setenv("PATH", "/bin", 1) == 0);
}

static void test_passwd_group(void)
{
    /* The initrd's /etc/passwd has root (0) and nobody. */
    struct passwd *pw = getpwnam("root");
    CHECK(pw != NULL);
    if (pw) {
        CHECK(pw->pw_uid == 0 && pw->pw_gid == 0);
        CHECK(strcmp(pw->pw_dir, "/root") == 0 || strcmp(pw->pw_dir, "/") == 0);
    }
    pw = getpwuid(0);
    CHECK(pw && strcmp(pw->pw_name, "root") == 0);
    errno = 0;
    CHECK(getpwnam("no-such-user") == NULL && errno == 0);
    char buf[16];
    struct passwd pwbuf, *found;
    CHECK(getpwnam_r("root", &pwbuf, buf, sizeof(buf), &found) == ERANGE);
    struct group *g = getgrgid(0);
    CHECK(g && strcmp(g->gr_name, "root") == 0);
    int n = 0;
    setpwent();
    while (getpwent())
        n++;
    endpwent();
    CHECK(n >= 2);
}

static void test_numbers(void)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%" PRId64 " %" PRIu32 " %" PRIxPTR, INT64_MIN, UINT32_MAX,
             (uintptr_t)0xabc);
    CHECK(strcmp(buf, "-9223372036854775808 4294967295 abc") == 0);
    CHECK(strtoimax("-123", NULL, 10) == -123 && strtoumax("ff", NULL, 16) == 255);
    CHECK(imaxabs(-5) == 5 && imaxdiv(7, 2).quot == 3);
    CHECK(INT_MAX == 2147483647 && LLONG_MIN < 0 && SIZE_MAX == 0xffffffffu);
}

static void test_paths_and_terminals(void)
{
    char a[] = "/usr/lib/", b[] = "/usr/lib/", c[] = "file", d[] = "/", e[] = "a//b//";
    CHECK(strcmp(basename(a), "lib") == 0 && strcmp(dirname(b), "/usr") == 0);
    CHECK(strcmp(basename(c), "file") == 0 && strcmp(dirname(c), ".") == 0);
    CHECK(strcmp(basename(d), "/") == 0 && strcmp(dirname(d), "/") == 0);
    CHECK(strcmp(dirname(e), "a") == 0);
    CHECK(strcmp(basename(NULL), ".") == 0 && strcmp(dirname(NULL), ".") == 0);

    /* A pipe is no terminal; a terminal, if we have one, has a name. */
    int fds[2];
    CHECK(pipe(fds) == 0);
    errno = 0;
    CHECK(!isatty(fds[0]) && ttyname(fds[0]) == NULL && errno == ENOTTY);
    close(fds[0]);
    close(fds[1]);
    if (isatty(STDIN_FILENO)) {
        char *name = ttyname(STDIN_FILENO);
        CHECK(name && strncmp(name, "/dev/", 5) == 0);
    }
}

const struct libc_test misc_tests[] = {
    { "misc/startup-state", test_startup_state },
    { "misc/setjmp", test_setjmp },
    { "misc/time", test_time },
    { "misc/identity-system", test_identity_and_system },
    { "misc/environment", test_environment },
    { "misc/passwd-group", test_passwd_group },
    { "misc/numbers", test_numbers },
    { "misc/paths-terminals", test_paths_and_terminals },
    { NULL, NULL },
};
