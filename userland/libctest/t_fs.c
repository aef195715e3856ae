/* The file system through the POSIX names libc builds on the *at calls:
 * files, directories, links, attributes, the working directory. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "libctest.h"
#include <stdio.h>

static char *at(const char *name)
{
    static char paths[4][160];
    static int next;
    char *p = paths[next++ % 4];
    snprintf(p, sizeof(paths[0]), "%s/%s", scratch_dir, name);
    return p;
}

static void test_files(void)
{
    int fd = open(at("f"), O_RDWR | O_CREAT | O_EXCL, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "0123456789", 10) == 10);
    CHECK(lseek(fd, 0, SEEK_CUR) == 10);
    CHECK(lseek(fd, 2, SEEK_SET) == 2);
    char buf[16] = { 0 };
    CHECK(read(fd, buf, 3) == 3 && memcmp(buf, "234", 3) == 0);
    CHECK(pread(fd, buf, 4, 6) == 4 && memcmp(buf, "6789", 4) == 0);
    CHECK(lseek(fd, 0, SEEK_CUR) == 5);  /* pread leaves the position alone */
    CHECK(pwrite(fd, "AB", 2, 8) == 2);
    CHECK(lseek(fd, -2, SEEK_END) == 8);
    CHECK(read(fd, buf, 10) == 2 && memcmp(buf, "AB", 2) == 0);
    CHECK(read(fd, buf, 10) == 0);

    struct stat st;
    CHECK(fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 10);
    CHECK((st.st_mode & 0777) == (0640 & ~(mode_t)0));
    CHECK(ftruncate(fd, 4) == 0 && fstat(fd, &st) == 0 && st.st_size == 4);
    CHECK(truncate(at("f"), 6000000000LL) == 0 || errno == EFBIG || errno == ENOSPC);
    CHECK(truncate(at("f"), 3) == 0 && stat(at("f"), &st) == 0 && st.st_size == 3);
    CHECK(close(fd) == 0);
    errno = 0;
    CHECK(close(fd) == -1 && errno == EBADF);
    errno = 0;
    CHECK(open(at("f"), O_CREAT | O_EXCL | O_WRONLY, 0600) == -1 && errno == EEXIST);

    fd = creat(at("g"), 0600);
    CHECK(fd >= 0);
    int d = dup(fd);
    CHECK(d > fd);
    CHECK(dup2(fd, 20) == 20 && dup2(20, 20) == 20);
    CHECK(fcntl(20, F_GETFD) == 0);
    CHECK(dup3(fd, 21, O_CLOEXEC) == 21 && fcntl(21, F_GETFD) == FD_CLOEXEC);
    close(d);
    close(20);
    close(21);
    close(fd);
    CHECK(access(at("g"), R_OK | W_OK) == 0);
    CHECK(access(at("missing"), F_OK) == -1 && errno == ENOENT);
    CHECK(unlink(at("g")) == 0 && access(at("g"), F_OK) == -1);
}

static void test_directories(void)
{
    CHECK(mkdir(at("dir"), 0755) == 0);
    CHECK(mkdir(at("dir"), 0755) == -1 && errno == EEXIST);
    for (int i = 0; i < 30; i++) {
        char name[32];
        snprintf(name, sizeof(name), "dir/entry%02d", i);
        int fd = open(at(name), O_WRONLY | O_CREAT, 0644);
        CHECK(fd >= 0);
        close(fd);
    }
    DIR *d = opendir(at("dir"));
    CHECK(d != NULL);
    if (!d)
        return;
    int seen = 0, dots = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            dots++;
        else if (strncmp(e->d_name, "entry", 5) == 0)
            seen++;
    }
    CHECK(errno == 0 && seen == 30 && dots == 2);
    rewinddir(d);
    CHECK(readdir(d) != NULL);
    CHECK(closedir(d) == 0);

    struct dirent **list;
    int n = scandir(at("dir"), &list, NULL, alphasort);
    CHECK(n == 32);
    if (n == 32) {
        CHECK(strcmp(list[0]->d_name, ".") == 0 && strcmp(list[2]->d_name, "entry00") == 0);
        CHECK(strcmp(list[31]->d_name, "entry29") == 0);
        for (int i = 0; i < n; i++)
            free(list[i]);
        free(list);
    }

    CHECK(rmdir(at("dir")) == -1 && errno == ENOTEMPTY);
    for (int i = 0; i < 30; i++) {
        char name[32];
        snprintf(name, sizeof(name), "dir/entry%02d", i);
        CHECK(unlink(at(name)) == 0);
    }
    CHECK(rmdir(at("dir")) == 0);
    CHECK(opendir(at("dir")) == NULL && errno == ENOENT);
    CHECK(remove(at("nothing")) == -1 && errno == ENOENT);
}

static void test_links_and_rename(void)
{
    int fd = open(at("orig"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && write(fd, "data", 4) == 4);
    close(fd);
    CHECK(link(at("orig"), at("hard")) == 0);
    struct stat a, b;
    CHECK(stat(at("orig"), &a) == 0 && stat(at("hard"), &b) == 0);
    CHECK(a.st_ino == b.st_ino && a.st_nlink == 2);

    CHECK(symlink("orig", at("soft")) == 0);
    char buf[PATH_MAX];
    ssize_t n = readlink(at("soft"), buf, sizeof(buf));
    CHECK(n == 4 && memcmp(buf, "orig", 4) == 0);
    CHECK(lstat(at("soft"), &b) == 0 && S_ISLNK(b.st_mode));
    CHECK(stat(at("soft"), &b) == 0 && b.st_ino == a.st_ino);

    char *real = realpath(at("soft"), NULL);
    CHECK(real != NULL);
    if (real) {
        CHECK(strcmp(real, at("orig")) == 0);
        free(real);
    }

    CHECK(rename(at("hard"), at("moved")) == 0);
    CHECK(access(at("hard"), F_OK) == -1 && access(at("moved"), F_OK) == 0);
    CHECK(unlink(at("moved")) == 0 && stat(at("orig"), &a) == 0 && a.st_nlink == 1);
    CHECK(unlink(at("soft")) == 0 && unlink(at("orig")) == 0);
}

static void test_attributes(void)
{
    int fd = open(at("attr"), O_WRONLY | O_CREAT, 0600);
    CHECK(fd >= 0);
    struct stat st;
    CHECK(chmod(at("attr"), 0640) == 0 && stat(at("attr"), &st) == 0 && (st.st_mode & 07777) == 0640);
    CHECK(fchmod(fd, 0604) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0604);
    CHECK(chown(at("attr"), getuid(), getgid()) == 0);

    struct timeval tv[2] = { { 1000000000, 0 }, { 1234567890, 500000 } };
    CHECK(utimes(at("attr"), tv) == 0);
    CHECK(stat(at("attr"), &st) == 0 && st.st_mtime == 1234567890 && st.st_atime == 1000000000);
    struct timespec ts[2] = { { 0, UTIME_OMIT }, { 42, 0 } };
    CHECK(futimens(fd, ts) == 0 && fstat(fd, &st) == 0);
    CHECK(st.st_mtime == 42 && st.st_atime == 1000000000);
    close(fd);

    mode_t old = umask(077);
    fd = open(at("masked"), O_WRONLY | O_CREAT, 0666);
    CHECK(fd >= 0 && fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600);
    close(fd);
    umask(old);
    unlink(at("masked"));
    unlink(at("attr"));
}

static void test_cwd(void)
{
    char buf[PATH_MAX];
    char *start = getcwd(NULL, 0);
    CHECK(start != NULL);
    CHECK(chdir(scratch_dir) == 0);
    CHECK(getcwd(buf, sizeof(buf)) == buf && strcmp(buf, scratch_dir) == 0);
    CHECK(getcwd(buf, 2) == NULL && errno == ERANGE);
    CHECK(mkdir("sub", 0755) == 0 && chdir("sub") == 0);
    int fd = open("here", O_WRONLY | O_CREAT, 0644);
    CHECK(fd >= 0);
    close(fd);
    CHECK(access(at("sub/here"), F_OK) == 0);
    CHECK(chdir("..") == 0);
    int dfd = open("sub", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    CHECK(fchdir(dfd) == 0 && access("here", F_OK) == 0);
    CHECK(unlinkat(dfd, "here", 0) == 0);
    close(dfd);
    CHECK(chdir(start) == 0);
    CHECK(unlinkat(AT_FDCWD, at("sub"), AT_REMOVEDIR) == 0);
    free(start);
}

static void test_temporary_files(void)
{
    char name[160];
    snprintf(name, sizeof(name), "%s/tmp.XXXXXX", scratch_dir);
    int fd = mkstemp(name);
    CHECK(fd >= 0 && strstr(name, "XXXXXX") == NULL);
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && (st.st_mode & 0777) == 0600);
    char again[160];
    memcpy(again, name, sizeof(again));
    close(fd);
    unlink(name);
    snprintf(name, sizeof(name), "%s/dir.XXXXXX", scratch_dir);
    CHECK(mkdtemp(name) == name && stat(name, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(rmdir(name) == 0);
    char bad[] = "no-x-here";
    errno = 0;
    CHECK(mkstemp(bad) == -1 && errno == EINVAL);

    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (f) {
        CHECK(fputs("scratch", f) >= 0 && fseek(f, 0, SEEK_SET) == 0);
        char buf[16];
        CHECK(fgets(buf, sizeof(buf), f) && strcmp(buf, "scratch") == 0);
        fclose(f);
    }
}

const struct libc_test fs_tests[] = {
    { "fs/files", test_files },
    { "fs/directories", test_directories },
    { "fs/links-rename", test_links_and_rename },
    { "fs/attributes", test_attributes },
    { "fs/cwd", test_cwd },
    { "fs/temporary-files", test_temporary_files },
    { NULL, NULL },
};
