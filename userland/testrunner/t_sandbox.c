/* pledge and unveil: each test runs in a child of its own, so narrowing
 * the process here touches nothing else. */
#include "testlib.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

TEST(sandbox, pledge_violation_kills_with_sigabrt)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        if (pledge("stdio", NULL) != 0)
            _exit(10);
        (void)getpid();                 /* stdio allows this */
        open("/tmp", O_RDONLY);         /* needs rpath */
        _exit(11);
    }
    tl_wait_signal(pid, SIGABRT);
}

TEST(sandbox, pledge_only_narrows)
{
    CHECK_OK(pledge("stdio rpath wpath", NULL));
    CHECK_OK(pledge("stdio rpath", NULL));
    CHECK_ERRNO(pledge("stdio rpath wpath", NULL), EPERM);
    CHECK_ERRNO(pledge("stdio sorcery", NULL), EINVAL);
    CHECK_ERRNO(pledge((const char *)0xC0000000, NULL), EFAULT);
}

/* Opens a file: fine without promises, fatal under "stdio" alone. */
HELPER(open_file)
{
    return argc > 1 && open(argv[1], O_RDONLY) >= 0 ? 0 : 3;
}

TEST(sandbox, exec_promises_apply_after_exec)
{
    pid_t pid = tl_fork();
    if (pid == 0) {
        /* Before exec the promises are untouched; after it, only stdio. */
        if (pledge(NULL, "stdio") != 0 || open("/etc/passwd", O_RDONLY) < 0)
            _exit(10);
        char *argv[] = { TL_SELF, "--helper", "open_file", "/etc/passwd", NULL };
        execv(TL_SELF, argv);
        _exit(12);
    }
    tl_wait_signal(pid, SIGABRT);
}

TEST(sandbox, unveil_hides_everything_else)
{
    mkdir("/tmp/veil", 0755);
    tl_make_file("/tmp/veil/seen", "visible\n", 0644);
    tl_make_file("/tmp/unseen", "hidden\n", 0644);
    CHECK_OK(unveil("/tmp/veil", "r"));
    CHECK_OK(unveil(NULL, NULL));
    struct stat st;
    CHECK_OK(stat("/tmp/veil/seen", &st));
    int fd = open("/tmp/veil/seen", O_RDONLY);
    CHECK(fd >= 0);
    if (fd >= 0)
        close(fd);
    CHECK_ERRNO(stat("/tmp/unseen", &st), ENOENT);
    CHECK_ERRNO(open("/etc/passwd", O_RDONLY), ENOENT);
    /* Reading was unveiled; writing and creating were not. */
    CHECK_ERRNO(open("/tmp/veil/seen", O_WRONLY), EACCES);
    CHECK_ERRNO(open("/tmp/veil/new", O_WRONLY | O_CREAT, 0644), EACCES);
    CHECK_ERRNO(mkdir("/tmp/veil/dir", 0755), EACCES);
    /* A path that climbs out through ".." is judged by where it lands. */
    CHECK_ERRNO(stat("/tmp/veil/../unseen", &st), ENOENT);
    /* Locked: no more changes. */
    CHECK_ERRNO(unveil("/", "r"), EPERM);
}

TEST(sandbox, unveil_permissions_only_shrink)
{
    mkdir("/tmp/veil2", 0755);
    CHECK_OK(unveil("/tmp/veil2", "rwc"));
    tl_make_file("/tmp/veil2/made", "ok\n", 0644);   /* creating is allowed */
    CHECK_OK(unveil("/tmp/veil2", "r"));
    CHECK_ERRNO(unveil("/tmp/veil2", "rw"), EPERM);
    CHECK_ERRNO(unveil("/tmp/veil2", "rz"), EINVAL);
    CHECK_ERRNO(unveil("/tmp/veil2", NULL), EINVAL);
    CHECK_ERRNO(open("/tmp/veil2/made", O_WRONLY), EACCES);
}

TEST(sandbox, unveil_is_inherited_and_reset_by_exec)
{
    CHECK_OK(unveil("/tmp", "rwc"));
    CHECK_OK(unveil("/bin", "rx"));
    pid_t pid = tl_fork();
    if (pid == 0) {
        struct stat st;
        /* Inherited: /etc stays hidden in the child. */
        _exit(stat("/etc/passwd", &st) == -1 && errno == ENOENT ? 0 : 1);
    }
    tl_wait_exit(pid, 0);
    /* A new program starts with the whole file system in view. */
    pid = tl_fork();
    if (pid == 0) {
        char *argv[] = { TL_SELF, "--helper", "open_file", "/etc/passwd", NULL };
        execv(TL_SELF, argv);
        _exit(12);
    }
    tl_wait_exit(pid, 0);
}
