/* File permissions and ownership: chmod/chown rules, what an unprivileged
 * user may and may not do (EACCES, EPERM), and access(). */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* opendir and utimes as calls that return -1 with errno, for CHECK_ERRNO. */
static int opendir_check(const char *path)
{
    DIR *d = opendir(path);
    if (!d)
        return -1;
    closedir(d);
    return 0;
}

static int utimes_check(const char *path)
{
    struct timeval tv[2] = { { 1, 0 }, { 2, 0 } };
    return utimes(path, tv);
}

/* Runs the rest of the block as user 1000 in a child, then waits for it. */
#define AS_USER_1000(body)                 \
    do {                                   \
        pid_t pid_ = tl_fork();            \
        if (pid_ == 0) {                   \
            tl_drop_root();                \
            body;                          \
            tl_exit();                     \
        }                                  \
        tl_wait_exit(pid_, 0);             \
    } while (0)

TEST(perm, chmod_and_fchmod)
{
    tl_make_file("f", "", 0644);
    CHECK_OK(chmod("f", 0600));
    struct stat st;
    CHECK_OK(stat("f", &st));
    CHECK_EQ(st.st_mode & 07777, 0600);
    int fd = CHECK_OK(open("f", O_RDONLY));
    CHECK_OK(fchmod(fd, 04755));
    CHECK_OK(fstat(fd, &st));
    CHECK_EQ(st.st_mode & 07777, 04755);
    CHECK(S_ISREG(st.st_mode));     /* the type bits stay */
    close(fd);
    CHECK_ERRNO(chmod("missing", 0644), ENOENT);
    CHECK_ERRNO(fchmod(999, 0644), EBADF);
    CHECK_EQ(RAW4(SYS_fchmodat, AT_FDCWD, 0xC0000000, 0644, 0), -EFAULT);
}

TEST(perm, chown_rules)
{
    tl_make_file("f", "", 0644);
    CHECK_OK(chown("f", 1000, 1000));
    struct stat st;
    CHECK_OK(stat("f", &st));
    CHECK_EQ(st.st_uid, 1000);
    CHECK_EQ(st.st_gid, 1000);
    CHECK_OK(chown("f", -1, 50));   /* -1 leaves the owner alone */
    CHECK_OK(stat("f", &st));
    CHECK_EQ(st.st_uid, 1000);
    CHECK_EQ(st.st_gid, 50);
    /* Changing ownership clears set-user-ID. */
    CHECK_OK(chmod("f", 04755));
    CHECK_OK(chown("f", 1000, 1000));
    CHECK_OK(stat("f", &st));
    CHECK_EQ(st.st_mode & 04000, 0);
    /* lchown changes the link itself. */
    CHECK_OK(symlink("f", "l"));
    CHECK_OK(lchown("l", 7, 7));
    CHECK_OK(lstat("l", &st));
    CHECK_EQ(st.st_uid, 7);
    CHECK_OK(stat("l", &st));
    CHECK_EQ(st.st_uid, 1000);
    tl_make_file("mine", "", 0644);
    CHECK_OK(chown("mine", 1000, 1000));
    AS_USER_1000({
        /* An owner may not give the file away, nor pick a group it is not in. */
        CHECK_ERRNO(chown("mine", 0, -1), EPERM);
        CHECK_ERRNO(chown("mine", -1, 0), EPERM);
        CHECK_OK(chown("mine", -1, 1000));
        CHECK_OK(chmod("mine", 0600));
        /* Not the owner: no chmod at all. */
        CHECK_ERRNO(chmod(".", 0777), EPERM);
    });
}

TEST(perm, unprivileged_access_is_checked)
{
    tl_make_file("secret", "s", 0600);
    tl_make_file("public", "p", 0644);
    tl_make_file("writable", "w", 0666);
    CHECK_OK(chmod("writable", 0666));   /* past the umask */
    CHECK_OK(mkdir("locked", 0700));
    tl_make_file("locked/inside", "", 0644);
    CHECK_OK(mkdir("readonly-dir", 0755));
    AS_USER_1000({
        CHECK_ERRNO(open("secret", O_RDONLY), EACCES);
        CHECK_ERRNO(open("public", O_WRONLY), EACCES);
        CHECK_ERRNO(open("public", O_RDWR), EACCES);
        int fd = CHECK_OK(open("public", O_RDONLY));
        close(fd);
        fd = CHECK_OK(open("writable", O_WRONLY | O_TRUNC));
        close(fd);
        /* Search permission on a directory guards everything below it. */
        CHECK_ERRNO(open("locked/inside", O_RDONLY), EACCES);
        struct stat st;
        CHECK_ERRNO(stat("locked/inside", &st), EACCES);
        CHECK_ERRNO(chdir("locked"), EACCES);
        CHECK_ERRNO(opendir_check("locked"), EACCES);
        /* Write permission on the directory guards its names. */
        CHECK_ERRNO(open("readonly-dir/new", O_CREAT | O_WRONLY, 0644), EACCES);
        CHECK_ERRNO(mkdir("readonly-dir/sub", 0755), EACCES);
        CHECK_ERRNO(unlink("locked/inside"), EACCES);
        CHECK_ERRNO(rename("public", "readonly-dir/x"), EACCES);
        /* Root's privileges are root's. */
        CHECK_ERRNO(mount(NULL, "readonly-dir", "tmpfs", 0, NULL), EPERM);
        CHECK_ERRNO(umount("/tmp"), EPERM);
        CHECK_ERRNO(truncate("public", 0), EACCES);
        CHECK_ERRNO(utimes_check("public"), EPERM);
    });
}

TEST(perm, access_reports_real_ids)
{
    tl_make_file("root-only", "", 0600);
    tl_make_file("exec", "", 0711);
    CHECK_OK(access("root-only", R_OK | W_OK));
    CHECK_ERRNO(access("root-only", X_OK), EACCES);  /* root needs an x bit to run */
    CHECK_OK(access("exec", X_OK));
    CHECK_ERRNO(access("missing", F_OK), ENOENT);
    CHECK_ERRNO(access("root-only", 0x40), EINVAL);
    AS_USER_1000({
        CHECK_ERRNO(access("root-only", R_OK), EACCES);
        CHECK_OK(access("root-only", F_OK));
        CHECK_OK(access("exec", X_OK));
        CHECK_ERRNO(access("exec", R_OK), EACCES);
    });
    /* access() checks the real user, not the effective one. */
    pid_t pid = tl_fork();
    if (pid == 0) {
        CHECK_OK(setresuid(1000, 0, 0));
        CHECK_ERRNO(access("root-only", R_OK), EACCES);
        int fd = CHECK_OK(open("root-only", O_RDONLY));   /* open uses the effective */
        close(fd);
        tl_exit();
    }
    tl_wait_exit(pid, 0);
}

TEST(perm, sticky_directory)
{
    CHECK_OK(mkdir("shared", 01777));
    CHECK_OK(chmod("shared", 01777));
    tl_make_file("shared/roots", "", 0666);
    CHECK_OK(chmod("shared/roots", 0666));
    AS_USER_1000({
        /* Anyone may create; only the owner may remove. */
        tl_make_file("shared/mine", "", 0644);
        CHECK_ERRNO(unlink("shared/roots"), EPERM);
        CHECK_OK(unlink("shared/mine"));
    });
}
