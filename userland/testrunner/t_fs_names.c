/* The name space: directories, links, renames, symbolic links, the working
 * directory, path limits, permissions for an unprivileged user, and a
 * stress of many names coming and going. */
#include "rawsys.h"
#include "testlib.h"
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define KPTR ((void *)0xC0000000)

TEST(names, mkdir_rmdir)
{
    CHECK_OK(mkdir("d", 0755));
    CHECK_ERRNO(mkdir("d", 0755), EEXIST);
    CHECK_ERRNO(mkdir("no/such", 0755), ENOENT);
    tl_make_file("f", "", 0644);
    CHECK_ERRNO(mkdir("f/sub", 0755), ENOTDIR);
    CHECK_OK(mkdir("d/sub", 0755));
    CHECK_ERRNO(rmdir("d"), ENOTEMPTY);
    CHECK_ERRNO(rmdir("f"), ENOTDIR);
    CHECK_ERRNO(rmdir("d/sub/."), EINVAL);
    CHECK_ERRNO(rmdir("missing"), ENOENT);
    CHECK_OK(rmdir("d/sub"));
    CHECK_OK(rmdir("d"));
    struct stat st;
    CHECK_ERRNO(stat("d", &st), ENOENT);
    /* Link counts: a directory has 2, plus one per subdirectory. */
    CHECK_OK(mkdir("p", 0755));
    CHECK_OK(mkdir("p/a", 0755));
    CHECK_OK(mkdir("p/b", 0755));
    CHECK_OK(stat("p", &st));
    CHECK_EQ(st.st_nlink, 4);
    CHECK_EQ(RAW3(SYS_mkdirat, AT_FDCWD, KPTR, 0755), -EFAULT);
}

TEST(names, unlink_keeps_open_files_readable)
{
    tl_make_file("f", "still here", 0644);
    int fd = CHECK_OK(open("f", O_RDWR));
    CHECK_OK(unlink("f"));
    CHECK_ERRNO(access("f", F_OK), ENOENT);
    char buf[16] = { 0 };
    CHECK_EQ(read(fd, buf, sizeof(buf)), 10);
    CHECK_STREQ(buf, "still here");
    CHECK_EQ(write(fd, "!", 1), 1);
    struct stat st;
    CHECK_OK(fstat(fd, &st));
    CHECK_EQ(st.st_nlink, 0);
    close(fd);
    CHECK_ERRNO(unlink("f"), ENOENT);
    CHECK_OK(mkdir("d", 0755));
    CHECK_ERRNO(unlink("d"), EISDIR);
}

TEST(names, hard_links)
{
    tl_make_file("a", "shared", 0644);
    CHECK_OK(link("a", "b"));
    struct stat sa, sb;
    CHECK_OK(stat("a", &sa));
    CHECK_OK(stat("b", &sb));
    CHECK_EQ(sa.st_ino, sb.st_ino);
    CHECK_EQ(sa.st_nlink, 2);
    CHECK_ERRNO(link("a", "b"), EEXIST);
    CHECK_ERRNO(link("missing", "c"), ENOENT);
    CHECK_OK(mkdir("d", 0755));
    CHECK_ERRNO(link("d", "d2"), EPERM);
    CHECK_OK(unlink("a"));
    char buf[8] = { 0 };
    int fd = CHECK_OK(open("b", O_RDONLY));
    CHECK_EQ(read(fd, buf, sizeof(buf)), 6);
    CHECK_STREQ(buf, "shared");
    close(fd);
    CHECK_OK(stat("b", &sb));
    CHECK_EQ(sb.st_nlink, 1);
    /* Across file systems: /tmp and / are different. */
    CHECK_ERRNO(link("b", "/bin/tl-cross-link"), EXDEV);
}

TEST(names, rename_rules)
{
    tl_make_file("a", "A", 0644);
    tl_make_file("b", "B", 0644);
    /* Atomic replace: "b" names A's file, never nothing. */
    CHECK_OK(rename("a", "b"));
    CHECK_ERRNO(access("a", F_OK), ENOENT);
    char c = 0;
    int fd = CHECK_OK(open("b", O_RDONLY));
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ(c, 'A');
    close(fd);
    CHECK_OK(rename("b", "b"));     /* the same file: nothing happens */
    CHECK_OK(access("b", F_OK));
    CHECK_OK(mkdir("d", 0755));
    CHECK_OK(mkdir("d/inner", 0755));
    CHECK_OK(mkdir("e", 0755));
    CHECK_ERRNO(rename("d", "d/inner/x"), EINVAL);     /* into itself */
    CHECK_ERRNO(rename("b", "d"), EISDIR);
    CHECK_ERRNO(rename("d", "b"), ENOTDIR);
    CHECK_OK(mkdir("full", 0755));
    tl_make_file("full/x", "", 0644);
    CHECK_ERRNO(rename("e", "full"), ENOTEMPTY);
    CHECK_OK(rename("e", "d/inner2"));                 /* directory moves */
    CHECK_OK(access("d/inner2", F_OK));
    CHECK_OK(mkdir("empty", 0755));
    CHECK_OK(rename("d/inner2", "empty"));             /* replaces an empty one */
    CHECK_ERRNO(rename("missing", "z"), ENOENT);
    CHECK_ERRNO(rename("b", "/bin/tl-cross"), EXDEV);
    CHECK_ERRNO(rename(".", "dot"), EINVAL);
}

TEST(names, symlinks_and_readlink)
{
    tl_make_file("target", "T", 0644);
    CHECK_OK(symlink("target", "l1"));
    CHECK_OK(symlink("l1", "l2"));
    CHECK_OK(symlink("nowhere", "dangling"));
    CHECK_ERRNO(symlink("x", "l1"), EEXIST);
    char buf[64];
    CHECK_EQ(readlink("l2", buf, sizeof(buf)), 2);
    CHECK(memcmp(buf, "l1", 2) == 0);
    CHECK_EQ(readlink("l1", buf, 3), 3);    /* truncated, no NUL added */
    CHECK(memcmp(buf, "tar", 3) == 0);
    CHECK_ERRNO(readlink("target", buf, sizeof(buf)), EINVAL);
    CHECK_ERRNO(readlink("l1", buf, 0), EINVAL);
    CHECK_ERRNO(readlink("missing", buf, sizeof(buf)), ENOENT);
    struct stat st, lst;
    CHECK_OK(stat("l2", &st));
    CHECK(S_ISREG(st.st_mode));
    CHECK_OK(lstat("l2", &lst));
    CHECK(S_ISLNK(lst.st_mode));
    CHECK_EQ(lst.st_size, 2);
    CHECK_ERRNO(stat("dangling", &st), ENOENT);
    CHECK_OK(lstat("dangling", &st));
    /* Creating through a dangling link creates its target. */
    int fd = CHECK_OK(open("dangling", O_CREAT | O_WRONLY, 0644));
    close(fd);
    CHECK_OK(access("nowhere", F_OK));
    /* unlink removes the link, not the target. */
    CHECK_OK(unlink("l1"));
    CHECK_OK(access("target", F_OK));
    /* Loops. */
    CHECK_OK(symlink("loop-b", "loop-a"));
    CHECK_OK(symlink("loop-a", "loop-b"));
    CHECK_ERRNO(stat("loop-a", &st), ELOOP);
    CHECK_ERRNO(open("loop-a", O_RDONLY), ELOOP);
    CHECK_ERRNO(access("loop-a/x", F_OK), ELOOP);
    /* Links to directories resolve in the middle of a path. */
    CHECK_OK(mkdir("dir", 0755));
    tl_make_file("dir/file", "", 0644);
    CHECK_OK(symlink("dir", "dirlink"));
    CHECK_OK(access("dirlink/file", F_OK));
    CHECK_EQ(RAW4(SYS_readlinkat, AT_FDCWD, "l2", KPTR, 10), -EFAULT);
}

TEST(names, path_length_limits)
{
    char name[NAME_MAX + 2];
    memset(name, 'n', sizeof(name));
    name[NAME_MAX + 1] = 0;
    CHECK_ERRNO(open(name, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
    CHECK_ERRNO(mkdir(name, 0755), ENAMETOOLONG);
    name[NAME_MAX] = 0;   /* exactly NAME_MAX is fine */
    int fd = CHECK_OK(open(name, O_CREAT | O_WRONLY, 0644));
    close(fd);
    CHECK_OK(unlink(name));
    char *path = malloc(PATH_MAX + 10);
    REQUIRE(path);
    memset(path, 'a', PATH_MAX + 9);
    for (int i = 100; i < PATH_MAX + 9; i += 100)
        path[i] = '/';
    path[PATH_MAX + 9] = 0;
    struct stat st;
    CHECK_ERRNO(stat(path, &st), ENAMETOOLONG);
    CHECK_ERRNO(open(path, O_RDONLY), ENAMETOOLONG);
    free(path);
}

TEST(names, cwd_chdir_fchdir)
{
    char start[256];
    REQUIRE(getcwd(start, sizeof(start)) != NULL);
    CHECK_EQ(start[0], '/');
    CHECK_OK(mkdir("sub", 0755));
    CHECK_OK(chdir("sub"));
    char now[256];
    REQUIRE(getcwd(now, sizeof(now)) != NULL);
    char want[300];
    snprintf(want, sizeof(want), "%s/sub", start);
    CHECK_STREQ(now, want);
    CHECK_OK(chdir(".."));
    REQUIRE(getcwd(now, sizeof(now)) != NULL);
    CHECK_STREQ(now, start);
    int dfd = CHECK_OK(open("sub", O_RDONLY | O_DIRECTORY));
    CHECK_OK(fchdir(dfd));
    REQUIRE(getcwd(now, sizeof(now)) != NULL);
    CHECK_STREQ(now, want);
    CHECK_OK(chdir(start));
    /* A buffer too short for the path: ERANGE, and nothing half-written
     * counts. */
    char tiny[4];
    errno = 0;
    CHECK(getcwd(tiny, sizeof(tiny)) == NULL);
    CHECK_EQ(errno, ERANGE);
    CHECK_EQ(RAW2(SYS_getcwd, tiny, 0), -EINVAL);   /* POSIX: a zero size */
    CHECK_EQ(RAW2(SYS_getcwd, KPTR, 256), -EFAULT);
    tl_make_file("f", "", 0644);
    CHECK_ERRNO(chdir("f"), ENOTDIR);
    CHECK_ERRNO(chdir("missing"), ENOENT);
    int ffd = CHECK_OK(open("f", O_RDONLY));
    CHECK_ERRNO(fchdir(ffd), ENOTDIR);
    CHECK_ERRNO(fchdir(999), EBADF);
    /* The root's parent is the root. */
    CHECK_OK(chdir("/.."));
    REQUIRE(getcwd(now, sizeof(now)) != NULL);
    CHECK_STREQ(now, "/");
    /* A removed working directory. */
    CHECK_OK(chdir(start));
    CHECK_OK(mkdir("gone", 0755));
    CHECK_OK(chdir("gone"));
    CHECK_OK(rmdir("../gone"));
    CHECK_ERRNO(open("new", O_CREAT | O_WRONLY, 0644), ENOENT);
    CHECK_OK(chdir(start));
}

TEST(names, getdents_lists_everything_once)
{
    enum { N = 150 };
    CHECK_OK(mkdir("d", 0755));
    char name[64];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof(name), "d/entry-%03d", i);
        tl_make_file(name, "", 0644);
    }
    CHECK_OK(mkdir("d/subdir", 0755));
    bool seen[N] = { false };
    int dots = 0, subdirs = 0, total = 0;
    DIR *dir = opendir("d");
    REQUIRE(dir);
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        total++;
        int i;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            dots++;
            CHECK_EQ(e->d_type, DT_DIR);
        } else if (strcmp(e->d_name, "subdir") == 0) {
            subdirs++;
            CHECK_EQ(e->d_type, DT_DIR);
        } else if (sscanf(e->d_name, "entry-%d", &i) == 1 && i >= 0 && i < N) {
            CHECK(!seen[i]);
            seen[i] = true;
            CHECK_EQ(e->d_type, DT_REG);
        } else {
            tl_fail(__FILE__, __LINE__, "unexpected entry \"%s\"", e->d_name);
        }
    }
    closedir(dir);
    CHECK_EQ(dots, 2);
    CHECK_EQ(subdirs, 1);
    CHECK_EQ(total, N + 3);
    for (int i = 0; i < N; i++)
        CHECK(seen[i]);
    int fd = CHECK_OK(open("d/entry-000", O_RDONLY));
    char buf[512];
    CHECK_EQ(RAW3(SYS_getdents, fd, buf, sizeof(buf)), -ENOTDIR);
    close(fd);
    fd = CHECK_OK(open("d", O_RDONLY));
    CHECK_EQ(RAW3(SYS_getdents, fd, KPTR, sizeof(buf)), -EFAULT);
    CHECK_EQ(RAW3(SYS_getdents, fd, buf, 1), -EINVAL);
    close(fd);
}

TEST(names, stat_errors)
{
    struct stat st;
    CHECK_ERRNO(stat("missing", &st), ENOENT);
    CHECK_ERRNO(stat("", &st), ENOENT);
    tl_make_file("f", "", 0644);
    CHECK_ERRNO(stat("f/x", &st), ENOTDIR);
    CHECK_ERRNO(stat("f/", &st), ENOTDIR);
    CHECK_EQ(RAW4(SYS_fstatat, AT_FDCWD, "f", KPTR, 0), -EFAULT);
    CHECK_EQ(RAW4(SYS_fstatat, AT_FDCWD, KPTR, &st, 0), -EFAULT);
    CHECK_OK(stat("/", &st));
    CHECK(S_ISDIR(st.st_mode));
}

TEST(names, realpath_resolves)
{
    char cwd[256], got[PATH_MAX], want[PATH_MAX];
    REQUIRE(getcwd(cwd, sizeof(cwd)) != NULL);
    CHECK_OK(mkdir("a", 0755));
    CHECK_OK(mkdir("a/b", 0755));
    CHECK_OK(symlink("a/b", "lb"));
    REQUIRE(realpath("lb/../b/./", got) != NULL);
    snprintf(want, sizeof(want), "%s/a/b", cwd);
    CHECK_STREQ(got, want);
    CHECK(realpath("missing/x", got) == NULL);
    CHECK_EQ(errno, ENOENT);
    REQUIRE(realpath("/", got) != NULL);
    CHECK_STREQ(got, "/");
}

TEST(names, utimes_sets_times)
{
    tl_make_file("f", "", 0644);
    struct timeval tv[2] = { { 1000000000, 0 }, { 1234567890, 0 } };
    CHECK_OK(utimes("f", tv));
    struct stat st;
    CHECK_OK(stat("f", &st));
    CHECK_EQ(st.st_atime, 1000000000);
    CHECK_EQ(st.st_mtime, 1234567890);
    /* NULL means now. */
    CHECK_OK(utimes("f", NULL));
    CHECK_OK(stat("f", &st));
    CHECK_CMP(st.st_mtime, >, 1577836800);
    CHECK_ERRNO(utimes("missing", NULL), ENOENT);
    /* Writing moves the modification time. */
    CHECK_OK(utimes("f", tv));
    int fd = CHECK_OK(open("f", O_WRONLY));
    CHECK_EQ(write(fd, "x", 1), 1);
    close(fd);
    CHECK_OK(stat("f", &st));
    CHECK_CMP(st.st_mtime, >, 1234567890);
}

TEST_TIMEOUT(names, thousands_of_files_come_and_go, 60)
{
    enum { N = 2000 };
    char a[32], b[32];
    CHECK_OK(mkdir("s", 0755));
    for (int i = 0; i < N; i++) {
        snprintf(a, sizeof(a), "s/f%d", i);
        int fd = open(a, O_CREAT | O_WRONLY, 0644);
        if (!CHECK(fd >= 0))
            return;
        write(fd, a, strlen(a));
        close(fd);
    }
    for (int i = 0; i < N; i++) {
        snprintf(a, sizeof(a), "s/f%d", i);
        snprintf(b, sizeof(b), "s/g%d", (i * 7) % N);
        if (i % 2 == 0 && !CHECK_OK(rename(a, b)))
            return;
    }
    int count = 0;
    DIR *d = opendir("s");
    REQUIRE(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        count += e->d_name[0] != '.';
    closedir(d);
    /* i*7 mod N is a permutation: renames onto g-names never collide, and
     * only even i were renamed. */
    CHECK_EQ(count, N);
    for (int i = 0; i < N; i++) {
        snprintf(a, sizeof(a), "s/%c%d", i % 2 == 0 ? 'g' : 'f', i % 2 == 0 ? (i * 7) % N : i);
        if (!CHECK_OK(unlink(a)))
            return;
    }
    CHECK_OK(rmdir("s"));
}
