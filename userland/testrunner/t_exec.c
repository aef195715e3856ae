/* execve: what arrives in the new program (argv, envp, descriptors, ids),
 * what is refused and with which error, and "#!" scripts. The programs
 * started are helpers of this very binary (HELPER below). */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Prints its arguments, a "--" line, then its environment, one a line. */
HELPER(echo)
{
    extern char **environ;
    for (int i = 0; i < argc; i++)
        printf("%s\n", argv[i]);
    printf("--\n");
    for (char **e = environ; e && *e; e++)
        printf("%s\n", *e);
    fflush(stdout);
    return 0;
}

/* Exits with bit i set when the descriptor named by argv[i+1] is open. */
HELPER(fds)
{
    int mask = 0;
    for (int i = 1; i < argc && i <= 7; i++)
        if (fcntl(atoi(argv[i]), F_GETFD) >= 0)
            mask |= 1 << (i - 1);
    return mask;
}

/* Prints "pid ppid uid euid". */
HELPER(ids)
{
    (void)argc, (void)argv;
    printf("%d %d %d %d\n", getpid(), getppid(), getuid(), geteuid());
    fflush(stdout);
    return 0;
}

HELPER(exit)
{
    return argc > 1 ? atoi(argv[1]) : 0;
}

static char *const no_env[] = { NULL };

TEST(exec, argv_and_envp_arrive)
{
    char *argv[] = { TL_SELF, "--helper", "echo", "one", "", "three words", NULL };
    char *envp[] = { "A=1", "EMPTY=", "PATH=/nowhere", NULL };
    char out[512];
    int st = tl_run_capture(TL_SELF, argv, envp, out, sizeof(out), NULL);
    CHECK_EQ(st, 0);
    CHECK_STREQ(out, "echo\none\n\nthree words\n--\nA=1\nEMPTY=\nPATH=/nowhere\n");
}

TEST(exec, empty_argv_and_envp)
{
    /* NULL lists are empty lists; the helper is then started by name only
     * through argv[0], so use a script-free check: exit status arrives. */
    char *argv[] = { TL_SELF, "--helper", "exit", "17", NULL };
    char out[16];
    CHECK_EQ(tl_run_capture(TL_SELF, argv, NULL, out, sizeof(out), NULL), 17 << 8);
}

TEST(exec, keeps_pid_parent_and_ids)
{
    char *argv[] = { TL_SELF, "--helper", "ids", NULL };
    char out[64];
    int fds[2];
    REQUIRE_OK(pipe(fds));
    pid_t pid = tl_fork();
    if (pid == 0) {
        dup2(fds[1], 1);
        setgid(1000);
        setuid(1000);
        execve(TL_SELF, argv, no_env);
        _exit(126);
    }
    close(fds[1]);
    ssize_t n = tl_read_full(fds[0], out, sizeof(out) - 1);
    out[n > 0 ? n : 0] = 0;
    tl_wait_exit(pid, 0);
    char want[64];
    snprintf(want, sizeof(want), "%d %d 1000 1000\n", pid, getpid());
    CHECK_STREQ(out, want);
}

TEST(exec, cloexec_descriptors_close)
{
    int keep = REQUIRE_OK(open("keep", O_CREAT | O_RDWR, 0644));
    int gone = REQUIRE_OK(open("gone", O_CREAT | O_RDWR | O_CLOEXEC, 0644));
    int gone2 = REQUIRE_OK(dup(keep));
    CHECK_OK(fcntl(gone2, F_SETFD, FD_CLOEXEC));
    int kept2 = REQUIRE_OK(fcntl(gone, F_DUPFD, 20));   /* F_DUPFD clears the flag */
    CHECK_EQ(fcntl(kept2, F_GETFD), 0);
    char a[12], b[12], c[12], d[12];
    snprintf(a, sizeof(a), "%d", keep);
    snprintf(b, sizeof(b), "%d", gone);
    snprintf(c, sizeof(c), "%d", gone2);
    snprintf(d, sizeof(d), "%d", kept2);
    char *argv[] = { TL_SELF, "--helper", "fds", a, b, c, d, "0", "1", "2", NULL };
    char out[8];
    /* bits: keep, kept2 and 0-2 open; gone, gone2 closed */
    CHECK_EQ(tl_run_capture(TL_SELF, argv, no_env, out, sizeof(out), NULL), (1 | 8 | 16 | 32 | 64) << 8);
}

static void check_exec_error(const char *path, int want, const char *file, int line)
{
    char *argv[] = { (char *)path, NULL };
    errno = 0;
    int r = execve(path, argv, no_env);
    /* Still here: the call failed and we are unchanged. */
    if (r != -1 || errno != want)
        tl_fail(file, line, "execve(\"%s\") returned %d with %s, expected -1 with %s", path, r,
                tl_errno_name(errno), tl_errno_name(want));
}
#define CHECK_EXEC_FAILS(path, err) check_exec_error((path), (err), __FILE__, __LINE__)

TEST(exec, refusals)
{
    CHECK_EXEC_FAILS("does-not-exist", ENOENT);
    CHECK_EXEC_FAILS("", ENOENT);
    tl_make_file("plain", "just text\n", 0644);
    CHECK_EXEC_FAILS("plain/below", ENOTDIR);
    /* Not executable, even for root: no x bit at all. */
    CHECK_EXEC_FAILS("plain", EACCES);
    REQUIRE_OK(mkdir("dir", 0755));
    CHECK_EXEC_FAILS("dir", EACCES);
    CHECK_EXEC_FAILS("/dev/null", EACCES);
    /* Executable but no known format. */
    tl_make_file("garbage", "\x7f" "ELX garbage garbage garbage garbage garbage", 0755);
    CHECK_EXEC_FAILS("garbage", ENOEXEC);
    tl_make_file("empty", "", 0755);
    CHECK_EXEC_FAILS("empty", ENOEXEC);
    /* A truncated copy of a real program. */
    int in = REQUIRE_OK(open(TL_SELF, O_RDONLY));
    char head[200];
    REQUIRE(tl_read_full(in, head, sizeof(head)) == sizeof(head));
    close(in);
    int out = REQUIRE_OK(open("truncated", O_CREAT | O_WRONLY, 0755));
    CHECK_EQ(write(out, head, sizeof(head)), sizeof(head));
    close(out);
    CHECK_EXEC_FAILS("truncated", ENOEXEC);

    char *argv[] = { TL_SELF, NULL };
    CHECK_EQ(RAW3(SYS_execve, 0xC0000000, argv, no_env), -EFAULT);
    CHECK_EQ(RAW3(SYS_execve, 0x10, argv, no_env), -EFAULT);
    CHECK_EQ(RAW3(SYS_execve, TL_SELF, 0xC0000000, no_env), -EFAULT);
    CHECK_EQ(RAW3(SYS_execve, TL_SELF, argv, 0x10), -EFAULT);
    char *bad_argv[] = { TL_SELF, (char *)0xC0001000, NULL };
    CHECK_EQ(RAW3(SYS_execve, TL_SELF, bad_argv, no_env), -EFAULT);
}

TEST(exec, non_root_needs_x_permission)
{
    int in = REQUIRE_OK(open(TL_SELF, O_RDONLY));
    int out = REQUIRE_OK(open("copy", O_CREAT | O_WRONLY, 0744));
    char buf[4096];
    ssize_t n;
    while ((n = read(in, buf, sizeof(buf))) > 0)
        REQUIRE(tl_write_all(out, buf, n) == n);
    close(in);
    close(out);
    pid_t pid = tl_fork();
    if (pid == 0) {
        tl_drop_root();
        /* Owner root with rwxr--r--: others may read but not run it. */
        CHECK_EXEC_FAILS("copy", EACCES);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
    CHECK_OK(chmod("copy", 0755));
    pid = tl_fork();
    if (pid == 0) {
        tl_drop_root();
        char *argv[] = { "copy", "--helper", "exit", "5", NULL };
        execve("copy", argv, no_env);
        tl_fail(__FILE__, __LINE__, "execve of a 0755 copy failed: %s", tl_errno_name(errno));
        tl_exit();
    }
    tl_wait_exit(pid, 5);
}

TEST(exec, too_many_argument_bytes)
{
    size_t len = 200 * 1024;
    char *big = malloc(len + 1);
    REQUIRE(big);
    memset(big, 'a', len);
    big[len] = 0;
    char *argv[] = { TL_SELF, big, NULL };
    CHECK_ERRNO(execve(TL_SELF, argv, no_env), E2BIG);
    char *envp[] = { big, NULL };
    char *argv2[] = { TL_SELF, NULL };
    CHECK_ERRNO(execve(TL_SELF, argv2, envp), E2BIG);
    free(big);
}

/* A script's absolute path in the scratch directory. */
static void here(char *out, size_t size, const char *name)
{
    char cwd[200];
    REQUIRE(getcwd(cwd, sizeof(cwd)) != NULL);
    snprintf(out, size, "%s/%s", cwd, name);
}

TEST(exec, script_with_one_argument)
{
    tl_make_file("script", "#!" TL_SELF " --helper=echo\nignored body\n", 0755);
    char *argv[] = { "script", "arg1", "arg 2", NULL };
    char out[256];
    CHECK_EQ(tl_run_capture("script", argv, no_env, out, sizeof(out), NULL), 0);
    /* interpreter, its argument, the script's path, then argv[1..] */
    CHECK_STREQ(out, "echo\nscript\narg1\narg 2\n--\n");
    /* Blanks around the interpreter and a CR before the newline. */
    tl_make_file("script2", "#!  " TL_SELF "   --helper=echo  \r\n", 0755);
    char *argv2[] = { "ignored-name", NULL };
    CHECK_EQ(tl_run_capture("script2", argv2, no_env, out, sizeof(out), NULL), 0);
    CHECK_STREQ(out, "echo\nscript2\n--\n");
}

TEST(exec, nested_scripts)
{
    char inner[256], content[300];
    here(inner, sizeof(inner), "inner");
    tl_make_file("inner", "#!" TL_SELF " --helper=echo\n", 0755);
    snprintf(content, sizeof(content), "#!%s\n", inner);
    tl_make_file("outer", content, 0755);
    char *argv[] = { "outer", "x", NULL };
    char out[512], want[600];
    CHECK_EQ(tl_run_capture("outer", argv, no_env, out, sizeof(out), NULL), 0);
    snprintf(want, sizeof(want), "echo\n%s\nouter\nx\n--\n", inner);
    CHECK_STREQ(out, want);
}

TEST(exec, script_errors)
{
    /* A "#!" line longer than the kernel reads. */
    char line[400];
    memset(line, 'a', sizeof(line));
    memcpy(line, "#!/", 3);
    line[sizeof(line) - 2] = '\n';
    line[sizeof(line) - 1] = 0;
    tl_make_file("long", line, 0755);
    CHECK_EXEC_FAILS("long", ENOEXEC);
    tl_make_file("nothing", "#!   \n", 0755);
    CHECK_EXEC_FAILS("nothing", ENOEXEC);
    tl_make_file("missing", "#!/no/such/interpreter\n", 0755);
    CHECK_EXEC_FAILS("missing", ENOENT);
    /* A script that names itself loops until the nesting limit. */
    char self[256], content[300];
    here(self, sizeof(self), "loop");
    snprintf(content, sizeof(content), "#!%s\n", self);
    tl_make_file("loop", content, 0755);
    CHECK_EXEC_FAILS("loop", ELOOP);
    /* Two scripts naming each other, too. */
    char a[256], b[256];
    here(a, sizeof(a), "ping");
    here(b, sizeof(b), "pong");
    snprintf(content, sizeof(content), "#!%s\n", b);
    tl_make_file("ping", content, 0755);
    snprintf(content, sizeof(content), "#!%s\n", a);
    tl_make_file("pong", content, 0755);
    CHECK_EXEC_FAILS("ping", ELOOP);
    /* The interpreter must itself be executable. */
    tl_make_file("interp", "x", 0644);
    char interp[256];
    here(interp, sizeof(interp), "interp");
    snprintf(content, sizeof(content), "#!%s\n", interp);
    tl_make_file("uses-plain", content, 0755);
    CHECK_EXEC_FAILS("uses-plain", EACCES);
}

TEST(exec, failed_exec_leaves_process_intact)
{
    static int marker = 1234;
    int fd = REQUIRE_OK(open("f", O_CREAT | O_RDWR, 0644));
    CHECK_EXEC_FAILS("no-such-program", ENOENT);
    CHECK_EQ(marker, 1234);
    CHECK_OK(fcntl(fd, F_GETFD));
    CHECK_OK(close(fd));
}
