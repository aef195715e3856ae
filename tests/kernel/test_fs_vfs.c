/* VFS basics on a private ramfs: files, directories, path resolution and
 * the errors POSIX gives for each misuse. */
#include "test_fs_helpers.h"
#include "kernel/api/dirent.h"
#include "tests/kernel/vm_test.h"

KTEST(fs_vfs, create_write_read_stat)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/d", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/d/f", "hello, world"), 0);
    char buf[64];
    KT_CHECK_EQ(t, fs_test_read(c, "d/f", buf, sizeof(buf)), 12);
    KT_CHECK(t, strcmp(buf, "hello, world") == 0);

    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(c, "/d/f", 0, &st), 0);
    KT_CHECK(t, S_ISREG(st.st_mode));
    KT_CHECK_EQ(t, st.st_mode & 07777, 0644);
    KT_CHECK_EQ(t, st.st_size, 12);
    KT_CHECK_EQ(t, st.st_nlink, 1);
    KT_CHECK_EQ(t, st.st_dev, ft.fs->dev);
    KT_CHECK_EQ(t, vfs_stat(c, "/d", 0, &st), 0);
    KT_CHECK(t, S_ISDIR(st.st_mode));
    KT_CHECK_EQ(t, st.st_nlink, 2);
    KT_CHECK_EQ(t, vfs_stat(c, "/", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_nlink, 3);     /* ".", its own "..", and d's ".." */

    /* Dots and repeated slashes. */
    KT_CHECK_EQ(t, fs_test_read(c, "//d/./../d//f", buf, sizeof(buf)), 12);
    KT_CHECK_EQ(t, fs_test_read(c, "/../../d/f", buf, sizeof(buf)), 12);  /* ".." stops at the root */
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, open_errors)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    struct file *f;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/d", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/file", "x"), 0);

    KT_CHECK_EQ(t, vfs_open(c, "/missing", O_RDONLY, 0, &f), -ENOENT);
    KT_CHECK_EQ(t, vfs_open(c, "/missing/x", O_RDONLY | O_CREAT, 0644, &f), -ENOENT);
    KT_CHECK_EQ(t, vfs_open(c, "", O_RDONLY, 0, &f), -ENOENT);
    KT_CHECK_EQ(t, vfs_open(c, "/file/x", O_RDONLY, 0, &f), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_open(c, "/file/", O_RDONLY, 0, &f), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_open(c, "/file", O_RDONLY | O_DIRECTORY, 0, &f), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_open(c, "/d", O_WRONLY, 0, &f), -EISDIR);
    KT_CHECK_EQ(t, vfs_open(c, "/d", O_RDWR, 0, &f), -EISDIR);
    KT_CHECK_EQ(t, vfs_open(c, "/d", O_RDONLY | O_CREAT, 0644, &f), -EISDIR);
    KT_CHECK_EQ(t, vfs_open(c, "/new/", O_RDWR | O_CREAT, 0644, &f), -EISDIR);
    KT_CHECK_EQ(t, vfs_open(c, "/file", O_RDWR | O_CREAT | O_EXCL, 0644, &f), -EEXIST);
    KT_CHECK_EQ(t, vfs_open(c, "/file", O_ACCMODE, 0, &f), -EINVAL);

    /* O_DIRECTORY on a directory works; reading it is EISDIR. */
    KT_ASSERT(t, vfs_open(c, "/d", O_RDONLY | O_DIRECTORY, 0, &f) == 0);
    char b[4];
    struct io_buffer io = io_buffer_kernel(b);
    KT_CHECK_EQ(t, file_read(f, &io, sizeof(b)), -EISDIR);
    KT_CHECK_EQ(t, file_write(f, &io, 1), -EBADF);
    file_put(f);

    /* Access modes are enforced on the description. */
    KT_ASSERT(t, vfs_open(c, "/file", O_RDONLY, 0, &f) == 0);
    KT_CHECK_EQ(t, file_write(f, &io, 1), -EBADF);
    KT_CHECK_EQ(t, file_getdents(f, &io, sizeof(b)), -ENOTDIR);
    file_put(f);
    KT_ASSERT(t, vfs_open(c, "/file", O_WRONLY, 0, &f) == 0);
    KT_CHECK_EQ(t, file_read(f, &io, 1), -EBADF);
    file_put(f);
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, name_too_long)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    static char name[NAME_MAX + 2 + 1];
    memset(name, 'a', NAME_MAX + 2);
    name[0] = '/';
    name[NAME_MAX + 1] = '\0';          /* "/" + 255 characters: fine */
    KT_CHECK_EQ(t, vfs_mkdir(c, name, 0755), 0);
    name[NAME_MAX + 1] = 'a';
    name[NAME_MAX + 2] = '\0';          /* 256 characters: too long */
    KT_CHECK_EQ(t, vfs_mkdir(c, name, 0755), -ENAMETOOLONG);
    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(c, name, 0, &st), -ENAMETOOLONG);

    /* A path of PATH_MAX bytes (no room for the NUL) is too long, one
     * shorter resolves. */
    static char path[PATH_MAX + 1];
    for (size_t i = 0; i < PATH_MAX; i += 2) {
        path[i] = '.';
        path[i + 1] = '/';
    }
    path[PATH_MAX] = '\0';
    KT_CHECK_EQ(t, vfs_stat(c, path, 0, &st), -ENAMETOOLONG);
    path[PATH_MAX - 2] = '\0';
    KT_CHECK_EQ(t, vfs_stat(c, path, 0, &st), 0);
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, mkdir_rmdir_errors)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a", 0755), -EEXIST);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a/", 0755), -EEXIST);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/b/", 0755), 0);           /* a trailing slash is fine */
    KT_CHECK_EQ(t, vfs_mkdir(c, "/x/y", 0755), -ENOENT);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a/.", 0755), -EEXIST);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/", 0755), -EEXIST);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/a/f", ""), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a/f/g", 0755), -ENOTDIR);

    KT_CHECK_EQ(t, vfs_rmdir(c, "/a"), -ENOTEMPTY);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/a/f"), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/a/."), -EINVAL);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/a/.."), -ENOTEMPTY);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/"), -EBUSY);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/nope"), -ENOENT);
    KT_CHECK_EQ(t, vfs_unlink(c, "/a"), -EISDIR);
    KT_CHECK_EQ(t, vfs_unlink(c, "/a/f/"), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_unlink(c, "/a/f"), 0);
    KT_CHECK_EQ(t, vfs_unlink(c, "/a/f"), -ENOENT);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/a/"), 0);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/b"), 0);
    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(c, "/", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_nlink, 2);

    /* The umask applies to what mkdir creates. */
    struct vfs_context masked = *c;
    masked.umask = 027;
    KT_CHECK_EQ(t, vfs_mkdir(&masked, "/m", 0777), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/m", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_mode & 07777, 0750);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/m"), 0);
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, unlink_while_open)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, fs_test_write_str(c, "/f", "still here"), 0);
    struct file *f;
    KT_ASSERT(t, vfs_open(c, "/f", O_RDWR, 0, &f) == 0);
    KT_CHECK_EQ(t, vfs_unlink(c, "/f"), 0);
    KT_CHECK(t, !fs_test_exists(c, "/f"));
    struct stat st;
    file_stat(f, &st);
    KT_CHECK_EQ(t, st.st_nlink, 0);
    char buf[32] = { 0 };
    struct io_buffer io = io_buffer_kernel(buf);
    KT_CHECK_EQ(t, file_read(f, &io, sizeof(buf)), 10);
    KT_CHECK(t, memcmp(buf, "still here", 10) == 0);
    /* Still writable, and a new file of the same name is another file. */
    KT_CHECK_EQ(t, file_pwrite(f, &io, 5, 0), 5);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/f", "new"), 0);
    KT_CHECK_EQ(t, fs_test_read(c, "/f", buf, sizeof(buf)), 3);
    /* Linking an unlinked file back in is refused. */
    file_put(f);
    KT_CHECK_EQ(t, ramfs_pages_used(ft.fs), 1);    /* the old file's page is gone */
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, offsets_seek_and_holes)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    struct file *f;
    KT_ASSERT(t, vfs_open(c, "/f", O_RDWR | O_CREAT, 0644, &f) == 0);
    char buf[64];
    struct io_buffer io = io_buffer_kernel(buf);
    memcpy(buf, "abcdef", 6);
    KT_CHECK_EQ(t, file_write(f, &io, 6), 6);
    off_t pos;
    KT_CHECK_EQ(t, file_lseek(f, 0, SEEK_CUR, &pos), 0);
    KT_CHECK_EQ(t, pos, 6);
    KT_CHECK_EQ(t, file_lseek(f, -7, SEEK_CUR, &pos), -EINVAL);
    KT_CHECK_EQ(t, file_lseek(f, 0, 42, &pos), -EINVAL);
    KT_CHECK_EQ(t, file_lseek(f, -2, SEEK_END, &pos), 0);
    KT_CHECK_EQ(t, pos, 4);
    KT_CHECK_EQ(t, file_read(f, &io, sizeof(buf)), 2);
    KT_CHECK(t, memcmp(buf, "ef", 2) == 0);
    KT_CHECK_EQ(t, file_read(f, &io, sizeof(buf)), 0);   /* end of file */

    /* A write far past the end leaves a hole that reads as zeros and costs
     * no pages. */
    KT_CHECK_EQ(t, file_lseek(f, 3 * 4096 + 100, SEEK_SET, &pos), 0);
    KT_CHECK_EQ(t, file_write(f, &io, 1), 1);
    struct stat st;
    file_stat(f, &st);
    KT_CHECK_EQ(t, st.st_size, 3 * 4096 + 101);
    KT_CHECK_EQ(t, st.st_blocks, 2 * 8);
    KT_CHECK_EQ(t, ramfs_pages_used(ft.fs), 2);
    memset(buf, 0x55, sizeof(buf));
    KT_CHECK_EQ(t, file_pread(f, &io, sizeof(buf), 4096), (ssize_t)sizeof(buf));
    bool zeros = true;
    for (size_t i = 0; i < sizeof(buf); i++)
        zeros &= buf[i] == 0;
    KT_CHECK(t, zeros);
    KT_CHECK_EQ(t, file_pread(f, &io, 1, -1), -EINVAL);

    /* Very far offsets work through the deeper page tree. */
    KT_CHECK_EQ(t, file_pwrite(f, &io, 3, (off_t)5 << 30), 3);
    file_stat(f, &st);
    KT_CHECK_EQ(t, st.st_size, ((off_t)5 << 30) + 3);
    KT_CHECK_EQ(t, file_pwrite(f, &io, 1, (off_t)1 << 40), -EFBIG);

    /* Truncation frees pages and zeroes the cut-off tail. */
    KT_CHECK_EQ(t, file_truncate(f, 3), 0);
    KT_CHECK_EQ(t, ramfs_pages_used(ft.fs), 1);
    KT_CHECK_EQ(t, file_truncate(f, 10), 0);
    KT_CHECK_EQ(t, file_pread(f, &io, 10, 0), 10);
    KT_CHECK(t, memcmp(buf, "abc\0\0\0\0\0\0\0", 10) == 0);
    KT_CHECK_EQ(t, file_truncate(f, -1), -EINVAL);
    KT_CHECK_EQ(t, file_truncate(f, 0), 0);
    KT_CHECK_EQ(t, ramfs_pages_used(ft.fs), 0);
    file_put(f);

    /* O_APPEND always writes at the end; O_TRUNC empties. */
    KT_CHECK_EQ(t, fs_test_write_str(c, "/g", "12345"), 0);
    KT_ASSERT(t, vfs_open(c, "/g", O_WRONLY | O_APPEND, 0, &f) == 0);
    KT_CHECK_EQ(t, file_lseek(f, 0, SEEK_SET, &pos), 0);
    memcpy(buf, "67", 2);
    KT_CHECK_EQ(t, file_write(f, &io, 2), 2);
    file_put(f);
    KT_CHECK_EQ(t, fs_test_read(c, "/g", buf, sizeof(buf)), 7);
    KT_CHECK(t, strcmp(buf, "1234567") == 0);
    KT_ASSERT(t, vfs_open(c, "/g", O_WRONLY | O_TRUNC, 0, &f) == 0);
    file_put(f);
    KT_CHECK_EQ(t, fs_test_read(c, "/g", buf, sizeof(buf)), 0);
    KT_CHECK_EQ(t, vfs_truncate(c, "/g", 4097), 0);
    KT_CHECK_EQ(t, vfs_truncate(c, "/", 0), -EISDIR);
    struct stat st2;
    KT_CHECK_EQ(t, vfs_stat(c, "/g", 0, &st2), 0);
    KT_CHECK_EQ(t, st2.st_size, 4097);
    fs_test_teardown(t, &ft);
}

/* Collects names from getdents records. */
static int count_entries(struct ktest_ctx *t, struct file *f, size_t bufsize, char names[][16], int max)
{
    static char buf[512];
    int n = 0;
    for (;;) {
        struct io_buffer io = io_buffer_kernel(buf);
        ssize_t got = file_getdents(f, &io, bufsize);
        if (got < 0)
            return (int)got;
        if (got == 0)
            return n;
        for (ssize_t off = 0; off < got;) {
            struct dirent *d = (struct dirent *)(buf + off);
            KT_CHECK(t, d->d_reclen % 8 == 0 && d->d_reclen > 0);
            if (n < max)
                strlcpy(names[n], d->d_name, 16);
            n++;
            off += d->d_reclen;
        }
    }
}

static bool has_name(char names[][16], int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

KTEST(fs_vfs, getdents)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/d", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/d/sub", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/d/a", "1"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "a", "/d/l"), 0);
    struct file *f;
    KT_ASSERT(t, vfs_open(c, "/d", O_RDONLY | O_DIRECTORY, 0, &f) == 0);
    char names[8][16];
    /* A small buffer forces several calls; every entry comes exactly once. */
    int n = count_entries(t, f, 40, names, 8);
    KT_CHECK_EQ(t, n, 5);
    KT_CHECK(t, has_name(names, 5, ".") && has_name(names, 5, "..") && has_name(names, 5, "sub") &&
                has_name(names, 5, "a") && has_name(names, 5, "l"));
    /* Rewinding starts over; a buffer too small for one entry is EINVAL. */
    off_t pos;
    KT_CHECK_EQ(t, file_lseek(f, 0, SEEK_SET, &pos), 0);
    char tiny[8];
    struct io_buffer io = io_buffer_kernel(tiny);
    KT_CHECK_EQ(t, file_getdents(f, &io, sizeof(tiny)), -EINVAL);
    /* Entries removed meanwhile are not listed; nothing is listed twice. */
    KT_CHECK_EQ(t, vfs_unlink(c, "/d/a"), 0);
    n = count_entries(t, f, 512, names, 8);
    KT_CHECK_EQ(t, n, 4);
    KT_CHECK(t, !has_name(names, n, "a"));
    file_put(f);
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, symlinks)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    char buf[64];
    KT_CHECK_EQ(t, vfs_mkdir(c, "/dir", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/dir/target", "T"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "dir/target", "/rel"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "/dir", "/abs"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "nowhere", "/dangling"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "x", "/rel"), -EEXIST);
    KT_CHECK_EQ(t, vfs_symlink(c, "", "/empty"), -ENOENT);

    KT_CHECK_EQ(t, fs_test_read(c, "/rel", buf, sizeof(buf)), 1);
    KT_CHECK_EQ(t, fs_test_read(c, "/abs/target", buf, sizeof(buf)), 1);
    KT_CHECK_EQ(t, fs_test_read(c, "/abs/../abs/target", buf, sizeof(buf)), 1);
    KT_CHECK_EQ(t, fs_test_read(c, "/dangling", buf, sizeof(buf)), -ENOENT);

    KT_CHECK_EQ(t, vfs_readlink(c, "/rel", buf, sizeof(buf)), 10);
    KT_CHECK(t, memcmp(buf, "dir/target", 10) == 0);
    KT_CHECK_EQ(t, vfs_readlink(c, "/rel", buf, 3), 3);     /* truncated, no NUL */
    KT_CHECK_EQ(t, vfs_readlink(c, "/dir", buf, sizeof(buf)), -EINVAL);
    KT_CHECK_EQ(t, vfs_readlink(c, "/abs/", buf, sizeof(buf)), -EINVAL);  /* "/" follows it */

    struct stat st, lst;
    KT_CHECK_EQ(t, vfs_stat(c, "/rel", 0, &st), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/rel", AT_SYMLINK_NOFOLLOW, &lst), 0);
    KT_CHECK(t, S_ISREG(st.st_mode));
    KT_CHECK(t, S_ISLNK(lst.st_mode));
    KT_CHECK_EQ(t, lst.st_size, 10);

    /* O_NOFOLLOW refuses a symlink as the last component only. */
    struct file *f;
    KT_CHECK_EQ(t, vfs_open(c, "/rel", O_RDONLY | O_NOFOLLOW, 0, &f), -ELOOP);
    KT_ASSERT(t, vfs_open(c, "/abs/target", O_RDONLY | O_NOFOLLOW, 0, &f) == 0);
    file_put(f);

    /* O_CREAT through a dangling symlink creates its target; with O_EXCL
     * the link itself counts as existing. */
    KT_CHECK_EQ(t, vfs_open(c, "/dangling", O_WRONLY | O_CREAT | O_EXCL, 0644, &f), -EEXIST);
    KT_ASSERT(t, vfs_open(c, "/dangling", O_WRONLY | O_CREAT, 0644, &f) == 0);
    file_put(f);
    KT_CHECK(t, fs_test_exists(c, "/nowhere"));

    /* Unlinking a symlink removes the link, not the target. */
    KT_CHECK_EQ(t, vfs_unlink(c, "/rel"), 0);
    KT_CHECK(t, fs_test_exists(c, "/dir/target"));
    /* Symlinks to directories: rmdir through one is ENOTDIR. */
    KT_CHECK_EQ(t, vfs_rmdir(c, "/abs"), -ENOTDIR);
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, symlink_loops)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_symlink(c, "b", "/a"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "a", "/b"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "self", "/self"), 0);
    struct stat st;
    struct file *f;
    KT_CHECK_EQ(t, vfs_stat(c, "/a", 0, &st), -ELOOP);
    KT_CHECK_EQ(t, vfs_stat(c, "/self/x", 0, &st), -ELOOP);
    KT_CHECK_EQ(t, vfs_open(c, "/a", O_RDWR | O_CREAT, 0644, &f), -ELOOP);
    KT_CHECK_EQ(t, vfs_stat(c, "/a", AT_SYMLINK_NOFOLLOW, &st), 0);

    /* A chain of 40 links resolves; 41 is one too many. */
    KT_CHECK_EQ(t, fs_test_write_str(c, "/l0", "end"), 0);
    char name[16], target[16];
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof(name), "/l%d", i);
        snprintf(target, sizeof(target), "l%d", i - 1);
        KT_CHECK_EQ(t, vfs_symlink(c, target, name), 0);
    }
    KT_CHECK_EQ(t, vfs_stat(c, "/l40", 0, &st), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/l41", 0, &st), -ELOOP);
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, hard_links)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    char buf[16];
    KT_CHECK_EQ(t, vfs_mkdir(c, "/d", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/f", "data"), 0);
    KT_CHECK_EQ(t, vfs_link(c, "/f", "/d/g", 0), 0);
    KT_CHECK_EQ(t, vfs_link(c, "/f", "/d/g", 0), -EEXIST);
    KT_CHECK_EQ(t, vfs_link(c, "/d", "/d2", 0), -EPERM);
    KT_CHECK_EQ(t, vfs_link(c, "/missing", "/x", 0), -ENOENT);
    KT_CHECK_EQ(t, vfs_link(c, "/f", "/nodir/x", 0), -ENOENT);
    struct stat a, b;
    KT_CHECK_EQ(t, vfs_stat(c, "/f", 0, &a), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/d/g", 0, &b), 0);
    KT_CHECK_EQ(t, a.st_ino, b.st_ino);
    KT_CHECK_EQ(t, a.st_nlink, 2);
    KT_CHECK_EQ(t, vfs_unlink(c, "/f"), 0);
    KT_CHECK_EQ(t, fs_test_read(c, "/d/g", buf, sizeof(buf)), 4);
    KT_CHECK_EQ(t, vfs_stat(c, "/d/g", 0, &b), 0);
    KT_CHECK_EQ(t, b.st_nlink, 1);

    /* Links to a symlink: the link itself unless AT_SYMLINK_FOLLOW. */
    KT_CHECK_EQ(t, vfs_symlink(c, "d/g", "/s"), 0);
    KT_CHECK_EQ(t, vfs_link(c, "/s", "/s2", 0), 0);
    KT_CHECK_EQ(t, vfs_link(c, "/s", "/s3", AT_SYMLINK_FOLLOW), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/s2", AT_SYMLINK_NOFOLLOW, &a), 0);
    KT_CHECK(t, S_ISLNK(a.st_mode));
    KT_CHECK_EQ(t, vfs_stat(c, "/s3", AT_SYMLINK_NOFOLLOW, &a), 0);
    KT_CHECK(t, S_ISREG(a.st_mode));
    KT_CHECK_EQ(t, a.st_nlink, 2);
    fs_test_teardown(t, &ft);
}

KTEST(fs_vfs, realpath_and_cwd)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    char buf[128];
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a/b", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/a/b/f", ""), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "a/b", "/lb"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "lb/f", "/lf"), 0);

    KT_CHECK_EQ(t, vfs_realpath(c, "/", buf, sizeof(buf)), 1);
    KT_CHECK(t, strcmp(buf, "/") == 0);
    KT_CHECK_EQ(t, vfs_realpath(c, "/lb/../b/./f", buf, sizeof(buf)), 6);
    KT_CHECK(t, strcmp(buf, "/a/b/f") == 0);
    KT_CHECK_EQ(t, vfs_realpath(c, "/lf", buf, sizeof(buf)), 6);
    KT_CHECK(t, strcmp(buf, "/a/b/f") == 0);
    KT_CHECK_EQ(t, vfs_realpath(c, "/lb", buf, sizeof(buf)), 4);
    KT_CHECK(t, strcmp(buf, "/a/b") == 0);
    KT_CHECK_EQ(t, vfs_realpath(c, "/lb", buf, 4), -ERANGE);
    KT_CHECK_EQ(t, vfs_realpath(c, "/a/nope", buf, sizeof(buf)), -ENOENT);

    /* Relative paths start at cwd. */
    struct inode *b;
    KT_ASSERT(t, vfs_resolve(c, "/a/b", VFS_LOOKUP_FOLLOW, &b) == 0);
    struct vfs_context in_b = *c;
    in_b.cwd = b;
    KT_CHECK_EQ(t, vfs_inode_path(&in_b, b, buf, sizeof(buf)), 4);
    KT_CHECK(t, strcmp(buf, "/a/b") == 0);
    KT_CHECK_EQ(t, vfs_realpath(&in_b, "f", buf, sizeof(buf)), 6);
    KT_CHECK_EQ(t, vfs_realpath(&in_b, "..", buf, sizeof(buf)), 2);
    KT_CHECK(t, strcmp(buf, "/a") == 0);
    /* A removed working directory: relative lookups fail, ".." too. */
    KT_CHECK_EQ(t, vfs_unlink(c, "/a/b/f"), 0);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/a/b"), 0);
    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(&in_b, "..", 0, &st), -ENOENT);
    KT_CHECK_EQ(t, vfs_open(&in_b, "new", O_RDWR | O_CREAT, 0644, &(struct file *){ NULL }), -ENOENT);
    inode_put(b);
    fs_test_teardown(t, &ft);
}

/* Reads and writes straight to and from user memory, and bad user
 * pointers failing cleanly. */
KTEST(fs_vfs, user_buffers)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    KT_CHECK_EQ(t, fs_test_write_str(&ft.ctx, "/f", "from the file"), 0);
    struct file *f;
    KT_ASSERT(t, vfs_open(&ft.ctx, "/f", O_RDWR, 0, &f) == 0);
    struct vm_space *prev = this_cpu()->vm;
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 1, VMT_RW, "buf") == 0);
    vmt_activate(s);
    struct io_buffer ub = io_buffer_user(user_ptr(VMT_BASE + 100));
    KT_CHECK_EQ(t, file_pread(f, &ub, 64, 0), 13);
    char check[16] = { 0 };
    KT_CHECK_EQ(t, copy_from_user(check, user_ptr(VMT_BASE + 100), 13), 0);
    KT_CHECK(t, memcmp(check, "from the file", 13) == 0);
    KT_CHECK_EQ(t, copy_to_user(user_ptr(VMT_BASE), "USER", 4), 0);
    struct io_buffer src = io_buffer_user(user_ptr(VMT_BASE));
    KT_CHECK_EQ(t, file_pwrite(f, &src, 4, 0), 4);
    /* Unmapped memory: nothing is copied, nothing is written. */
    struct io_buffer bad = io_buffer_user(user_ptr(VMT_PAGE(5)));
    KT_CHECK_EQ(t, file_pread(f, &bad, 8, 0), -EFAULT);
    KT_CHECK_EQ(t, file_pwrite(f, &bad, 8, 100), -EFAULT);
    /* Running off the end of the mapping: the bytes before it count. */
    struct io_buffer edge = io_buffer_user(user_ptr(VMT_PAGE(1) - 4096));
    KT_CHECK_EQ(t, file_pwrite(f, &edge, 8192, 0), 4096);
    vmt_activate(prev);
    vm_space_destroy(s);
    struct stat st;
    file_stat(f, &st);
    KT_CHECK_EQ(t, st.st_size, 4096);
    file_put(f);
    fs_test_teardown(t, &ft);
}
