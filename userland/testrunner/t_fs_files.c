/* Open files: open flags and access modes, reading and writing (plain,
 * vectored, positioned), seeking and holes, descriptors (dup family,
 * fcntl, sharing across fork), and the EBADF/EFAULT/EINVAL edges. */
#include "rawsys.h"
#include "testlib.h"
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define KPTR ((void *)0xC0000000)
#define UPTR ((void *)0x10)

static off_t file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -1;
    return st.st_size;
}

TEST(files, create_exclusive_truncate)
{
    int fd = CHECK_OK(open("f", O_WRONLY | O_CREAT | O_EXCL, 0640));
    CHECK_EQ(write(fd, "hello", 5), 5);
    close(fd);
    struct stat st;
    CHECK_OK(stat("f", &st));
    CHECK_EQ(st.st_mode & 07777, 0640);
    CHECK(S_ISREG(st.st_mode));
    CHECK_ERRNO(open("f", O_WRONLY | O_CREAT | O_EXCL, 0640), EEXIST);
    CHECK_ERRNO(open("missing", O_RDONLY), ENOENT);
    /* O_CREAT on an existing file opens it, mode ignored, contents kept. */
    fd = CHECK_OK(open("f", O_RDONLY | O_CREAT, 0777));
    char buf[8] = { 0 };
    CHECK_EQ(read(fd, buf, sizeof(buf)), 5);
    close(fd);
    CHECK_OK(stat("f", &st));
    CHECK_EQ(st.st_mode & 07777, 0640);
    fd = CHECK_OK(open("f", O_WRONLY | O_TRUNC));
    close(fd);
    CHECK_EQ(file_size("f"), 0);
}

TEST(files, umask_applies_to_creation)
{
    /* The runner leaves the mask the kernel gave it: the default, 022. */
    CHECK_EQ(umask(027), 022);
    int fd = CHECK_OK(open("m", O_CREAT | O_WRONLY, 0777));
    close(fd);
    struct stat st;
    CHECK_OK(stat("m", &st));
    CHECK_EQ(st.st_mode & 0777, 0750);
    CHECK_OK(mkdir("d", 0777));
    CHECK_OK(stat("d", &st));
    CHECK_EQ(st.st_mode & 0777, 0750);
    CHECK_EQ(umask(0), 027);
    CHECK_EQ(umask(0777 | 01000), 0);   /* only the permission bits count */
    CHECK_EQ(umask(022), 0777);
}

TEST(files, access_modes_are_enforced)
{
    tl_make_file("f", "data", 0644);
    int r = CHECK_OK(open("f", O_RDONLY));
    CHECK_ERRNO(write(r, "x", 1), EBADF);
    int w = CHECK_OK(open("f", O_WRONLY));
    char c;
    CHECK_ERRNO(read(w, &c, 1), EBADF);
    CHECK_EQ(fcntl(r, F_GETFL) & O_ACCMODE, O_RDONLY);
    CHECK_EQ(fcntl(w, F_GETFL) & O_ACCMODE, O_WRONLY);
    int rw = CHECK_OK(open("f", O_RDWR));
    CHECK_EQ(write(rw, "D", 1), 1);
    CHECK_EQ(pread(rw, &c, 1, 0), 1);
    CHECK_EQ(c, 'D');
    CHECK_ERRNO(open("f", O_ACCMODE), EINVAL);
    /* Directories open read-only only. */
    CHECK_OK(mkdir("d", 0755));
    CHECK_ERRNO(open("d", O_WRONLY), EISDIR);
    CHECK_ERRNO(open("d", O_RDWR), EISDIR);
    int d = CHECK_OK(open("d", O_RDONLY));
    CHECK_ERRNO(read(d, &c, 1), EISDIR);
    close(d);
    close(r);
    close(w);
    close(rw);
}

TEST(files, append_always_writes_at_the_end)
{
    tl_make_file("log", "12345", 0644);
    int fd = CHECK_OK(open("log", O_WRONLY | O_APPEND));
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    CHECK_EQ(write(fd, "ab", 2), 2);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 7);
    /* Two descriptions appending: nothing is overwritten. */
    int fd2 = CHECK_OK(open("log", O_WRONLY | O_APPEND));
    CHECK_EQ(write(fd2, "cd", 2), 2);
    CHECK_EQ(write(fd, "ef", 2), 2);
    close(fd);
    close(fd2);
    char buf[16] = { 0 };
    int r = CHECK_OK(open("log", O_RDONLY));
    CHECK_EQ(read(r, buf, sizeof(buf)), 11);
    CHECK_STREQ(buf, "12345abcdef");
    close(r);
    /* F_SETFL can turn it on and off. */
    fd = CHECK_OK(open("log", O_WRONLY));
    CHECK_OK(fcntl(fd, F_SETFL, O_APPEND));
    CHECK(fcntl(fd, F_GETFL) & O_APPEND);
    CHECK_EQ(write(fd, "!", 1), 1);
    CHECK_EQ(file_size("log"), 12);
    close(fd);
}

TEST(files, directory_nofollow_cloexec_flags)
{
    tl_make_file("f", "", 0644);
    CHECK_OK(mkdir("d", 0755));
    CHECK_ERRNO(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
    int d = CHECK_OK(open("d", O_RDONLY | O_DIRECTORY));
    close(d);
    CHECK_OK(symlink("f", "link"));
    CHECK_ERRNO(open("link", O_RDONLY | O_NOFOLLOW), ELOOP);
    int fd = CHECK_OK(open("link", O_RDONLY));
    close(fd);
    fd = CHECK_OK(open("f", O_RDONLY | O_CLOEXEC));
    CHECK_EQ(fcntl(fd, F_GETFD), FD_CLOEXEC);
    CHECK_OK(fcntl(fd, F_SETFD, 0));
    CHECK_EQ(fcntl(fd, F_GETFD), 0);
    close(fd);
    fd = CHECK_OK(open("f", O_RDONLY | O_NONBLOCK));
    CHECK(fcntl(fd, F_GETFL) & O_NONBLOCK);
    close(fd);
    /* Creating through a path whose middle is a file. */
    CHECK_ERRNO(open("f/x", O_RDONLY | O_CREAT, 0644), ENOTDIR);
    CHECK_ERRNO(open("nodir/x", O_RDONLY | O_CREAT, 0644), ENOENT);
    CHECK_ERRNO(open("", O_RDONLY), ENOENT);
    CHECK_ERRNO(open("d", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
}

TEST(files, bad_pointers_and_descriptors)
{
    CHECK_EQ(RAW4(SYS_openat, AT_FDCWD, KPTR, O_RDONLY, 0), -EFAULT);
    CHECK_EQ(RAW4(SYS_openat, AT_FDCWD, UPTR, O_RDONLY, 0), -EFAULT);
    tl_make_file("f", "abc", 0644);
    int fd = CHECK_OK(open("f", O_RDWR));
    CHECK_ERRNO(read(fd, KPTR, 3), EFAULT);
    CHECK_ERRNO(read(fd, UPTR, 3), EFAULT);
    CHECK_ERRNO(write(fd, KPTR, 3), EFAULT);
    CHECK_ERRNO(write(fd, UPTR, 3), EFAULT);
    /* A range that starts in user space and runs into the kernel. */
    CHECK_ERRNO(write(fd, (void *)0xBFFFFFF0, 64), EFAULT);
    CHECK_EQ(read(fd, NULL, 0), 0);
    CHECK_EQ(write(fd, NULL, 0), 0);
    struct iovec empty[2] = { { NULL, 0 }, { "z", 1 } };
    CHECK_EQ(writev(fd, empty, 2), 1);
    close(fd);
    char c;
    CHECK_ERRNO(read(-1, &c, 1), EBADF);
    CHECK_ERRNO(read(999, &c, 1), EBADF);
    CHECK_ERRNO(write(12345, &c, 1), EBADF);
    CHECK_ERRNO(close(fd), EBADF);
    CHECK_ERRNO(close(-1), EBADF);
    CHECK_ERRNO(lseek(fd, 0, SEEK_SET), EBADF);
    CHECK_ERRNO(fcntl(fd, F_GETFD), EBADF);
    CHECK_ERRNO(dup(fd), EBADF);
    CHECK_EQ(RAW4(SYS_openat, 555, "relative", O_RDONLY, 0), -EBADF);
}

TEST(files, read_write_and_eof)
{
    int fd = CHECK_OK(open("f", O_RDWR | O_CREAT, 0644));
    char big[10000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)(i * 7);
    CHECK_EQ(write(fd, big, sizeof(big)), sizeof(big));
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    char back[10000];
    CHECK_EQ(tl_read_full(fd, back, sizeof(back)), sizeof(back));
    CHECK(memcmp(big, back, sizeof(big)) == 0);
    CHECK_EQ(read(fd, back, 10), 0);    /* end of file */
    CHECK_EQ(write(fd, big, 0), 0);
    close(fd);
}

TEST(files, seek_and_holes)
{
    int fd = CHECK_OK(open("sparse", O_RDWR | O_CREAT, 0644));
    CHECK_EQ(lseek(fd, 100000, SEEK_SET), 100000);
    CHECK_EQ(write(fd, "end", 3), 3);
    CHECK_EQ(file_size("sparse"), 100003);
    char buf[4096];
    CHECK_EQ(pread(fd, buf, sizeof(buf), 50000), sizeof(buf));
    bool zero = true;
    for (size_t i = 0; i < sizeof(buf); i++)
        zero = zero && buf[i] == 0;
    CHECK(zero);
    CHECK_EQ(lseek(fd, -3, SEEK_END), 100000);
    CHECK_EQ(lseek(fd, 1, SEEK_CUR), 100001);
    CHECK_ERRNO(lseek(fd, -1, SEEK_SET), EINVAL);
    CHECK_ERRNO(lseek(fd, -200000, SEEK_END), EINVAL);
    CHECK_ERRNO(lseek(fd, 0, 3), EINVAL);
    CHECK_EQ(lseek(fd, 100001, SEEK_SET), 100001);  /* failures moved nothing */
    /* Seeking past the end then reading gives EOF, not an error. */
    CHECK_EQ(lseek(fd, 500000, SEEK_SET), 500000);
    CHECK_EQ(read(fd, buf, 10), 0);
    CHECK_EQ(file_size("sparse"), 100003);
    /* 64-bit offsets. */
    off_t far = (off_t)5 << 30;
    CHECK_EQ(lseek(fd, far, SEEK_SET), far);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), far);
    close(fd);
}

TEST(files, positioned_io_leaves_the_offset)
{
    int fd = CHECK_OK(open("f", O_RDWR | O_CREAT, 0644));
    CHECK_EQ(write(fd, "0123456789", 10), 10);
    CHECK_EQ(lseek(fd, 2, SEEK_SET), 2);
    char buf[4] = { 0 };
    CHECK_EQ(pread(fd, buf, 3, 5), 3);
    CHECK(memcmp(buf, "567", 3) == 0);
    CHECK_EQ(pwrite(fd, "ab", 2, 8), 2);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
    CHECK_EQ(pread(fd, buf, 4, 7), 3);
    CHECK(memcmp(buf, "7ab", 3) == 0);
    CHECK_EQ(pread(fd, buf, 4, 100), 0);
    CHECK_ERRNO(pread(fd, buf, 1, -1), EINVAL);
    CHECK_ERRNO(pwrite(fd, buf, 1, -5), EINVAL);
    int fds[2];
    REQUIRE_OK(pipe(fds));
    CHECK_ERRNO(pread(fds[0], buf, 1, 0), ESPIPE);
    CHECK_ERRNO(pwrite(fds[1], buf, 1, 0), ESPIPE);
    CHECK_ERRNO(lseek(fds[0], 0, SEEK_CUR), ESPIPE);
    close(fd);
}

TEST(files, vectored_io)
{
    int fd = CHECK_OK(open("v", O_RDWR | O_CREAT, 0644));
    struct iovec out[3] = { { "abc", 3 }, { "", 0 }, { "defgh", 5 } };
    CHECK_EQ(writev(fd, out, 3), 8);
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
    char a[2], b[10] = { 0 };
    struct iovec in[2] = { { a, 2 }, { b, sizeof(b) } };
    CHECK_EQ(readv(fd, in, 2), 8);
    CHECK(a[0] == 'a' && a[1] == 'b');
    CHECK_STREQ(b, "cdefgh");
    CHECK_ERRNO(readv(fd, in, -1), EINVAL);
    CHECK_ERRNO(writev(fd, out, 100000), EINVAL);
    CHECK_EQ(RAW3(SYS_writev, fd, KPTR, 1), -EFAULT);
    struct iovec bad[2] = { { "ok", 2 }, { KPTR, 4 } };
    long r = RAW3(SYS_writev, fd, bad, 2);
    /* Either nothing or just the good part is written. */
    CHECK(r == -EFAULT || r == 2);
    close(fd);
}

TEST(files, dup_shares_the_offset)
{
    tl_make_file("f", "abcdef", 0644);
    int fd = CHECK_OK(open("f", O_RDONLY));
    int d = CHECK_OK(dup(fd));
    CHECK_CMP(d, >, fd);
    char c;
    CHECK_EQ(read(fd, &c, 1), 1);
    CHECK_EQ(read(d, &c, 1), 1);
    CHECK_EQ(c, 'b');
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
    /* dup2 onto an open descriptor closes it first; onto itself is a no-op. */
    int other = CHECK_OK(open("f", O_RDONLY));
    CHECK_EQ(dup2(fd, other), other);
    CHECK_EQ(read(other, &c, 1), 1);
    CHECK_EQ(c, 'c');
    CHECK_EQ(dup2(fd, fd), fd);
    CHECK_ERRNO(dup2(fd, -1), EBADF);
    CHECK_ERRNO(dup2(fd, 1 << 20), EBADF);
    CHECK_ERRNO(dup2(-1, 40), EBADF);
    /* dup3 sets close-on-exec, refuses same fds and unknown flags. */
    CHECK_EQ(dup3(fd, 40, O_CLOEXEC), 40);
    CHECK_EQ(fcntl(40, F_GETFD), FD_CLOEXEC);
    CHECK_ERRNO(dup3(fd, fd, 0), EINVAL);
    CHECK_ERRNO(dup3(fd, 41, 0x4), EINVAL);
    /* The duplicate flag is per descriptor, the status flags per description. */
    CHECK_EQ(fcntl(d, F_GETFD), 0);
    CHECK_OK(fcntl(fd, F_SETFL, O_NONBLOCK));
    CHECK(fcntl(d, F_GETFL) & O_NONBLOCK);
    int low = CHECK_OK(fcntl(fd, F_DUPFD, 30));
    CHECK_CMP(low, >=, 30);
    int cl = CHECK_OK(fcntl(fd, F_DUPFD_CLOEXEC, 0));
    CHECK_EQ(fcntl(cl, F_GETFD), FD_CLOEXEC);
    CHECK_ERRNO(fcntl(fd, F_DUPFD, -1), EINVAL);
    CHECK_ERRNO(fcntl(fd, 9999), EINVAL);
}

TEST(files, offset_shared_across_fork)
{
    tl_make_file("f", "0123456789", 0644);
    int fd = CHECK_OK(open("f", O_RDONLY));
    pid_t pid = tl_fork();
    if (pid == 0) {
        char buf[4];
        read(fd, buf, 4);
        _exit(0);
    }
    tl_wait_exit(pid, 0);
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 4);
    /* But a separate open has its own. */
    int other = CHECK_OK(open("f", O_RDONLY));
    CHECK_EQ(lseek(other, 0, SEEK_CUR), 0);
}

TEST(files, descriptor_limit_gives_emfile)
{
    int opened = 0, last = -1;
    for (;;) {
        int fd = open("/dev/null", O_RDONLY);
        if (fd < 0) {
            CHECK_EQ(errno, EMFILE);
            break;
        }
        last = fd;
        if (++opened > 5000) {
            tl_fail(__FILE__, __LINE__, "no descriptor limit after 5000 opens");
            break;
        }
    }
    CHECK_CMP(opened, >, 100);
    CHECK_ERRNO(dup(0), EMFILE);
    int fds[2];
    CHECK_ERRNO(pipe(fds), EMFILE);
    /* Closing one makes room for exactly one. */
    CHECK_OK(close(last));
    CHECK_EQ(open("/dev/null", O_RDONLY), last);
}

TEST(files, truncate_and_ftruncate)
{
    tl_make_file("f", "0123456789", 0644);
    CHECK_OK(truncate("f", 4));
    CHECK_EQ(file_size("f"), 4);
    int fd = CHECK_OK(open("f", O_RDWR));
    CHECK_OK(ftruncate(fd, 8192));
    char buf[8192];
    CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 8192);
    CHECK(memcmp(buf, "0123", 4) == 0);
    CHECK_EQ(buf[4], 0);
    CHECK_EQ(buf[8191], 0);
    CHECK_ERRNO(ftruncate(fd, -1), EINVAL);
    CHECK_ERRNO(truncate("f", -1), EINVAL);
    CHECK_ERRNO(truncate("missing", 0), ENOENT);
    CHECK_OK(mkdir("d", 0755));
    CHECK_ERRNO(truncate("d", 0), EISDIR);
    int r = CHECK_OK(open("f", O_RDONLY));
    CHECK_ERRNO(ftruncate(r, 0), EINVAL);
    close(r);
    close(fd);
}

TEST(files, fstat_matches_stat)
{
    tl_make_file("f", "abc", 0600);
    int fd = CHECK_OK(open("f", O_RDONLY));
    struct stat a, b;
    CHECK_OK(fstat(fd, &a));
    CHECK_OK(stat("f", &b));
    CHECK_EQ(a.st_ino, b.st_ino);
    CHECK_EQ(a.st_dev, b.st_dev);
    CHECK_EQ(a.st_size, 3);
    CHECK_EQ(a.st_nlink, 1);
    CHECK_EQ(a.st_uid, 0);
    CHECK_EQ(RAW2(SYS_fstat, fd, KPTR), -EFAULT);
    CHECK_EQ(RAW2(SYS_fstat, 999, &a), -EBADF);
    close(fd);
    /* Device files report their kind. */
    CHECK_OK(stat("/dev/null", &a));
    CHECK(S_ISCHR(a.st_mode));
    int fds[2];
    REQUIRE_OK(pipe(fds));
    CHECK_OK(fstat(fds[0], &a));
    CHECK(S_ISFIFO(a.st_mode));
}
