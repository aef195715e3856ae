/* File descriptor tables: allocation, limits, dup family, fork and exec. */
#include "kernel/fd_table.h"
#include "test_fs_helpers.h"

static int make_file(struct fs_test *ft, const char *path, struct file **out)
{
    return vfs_open(&ft->ctx, path, O_RDWR | O_CREAT, 0644, out);
}

KTEST(fd_table, install_get_close)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct fd_table *fds;
    KT_ASSERT(t, fd_table_create(&fds) == 0);
    struct file *f, *g;
    KT_ASSERT(t, make_file(&ft, "/f", &f) == 0);
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 0), 0);
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 0), 1);
    KT_CHECK_EQ(t, fd_table_install(fds, f, FD_CLOEXEC, 5), 5);
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 0), 2);   /* lowest free */
    KT_CHECK_EQ(t, f->refcount, 5);
    KT_CHECK_EQ(t, fd_table_get(fds, 5, &g), 0);
    KT_CHECK(t, g == f);
    file_put(g);
    KT_CHECK_EQ(t, fd_table_get(fds, 3, &g), -EBADF);
    KT_CHECK_EQ(t, fd_table_get(fds, -1, &g), -EBADF);
    KT_CHECK_EQ(t, fd_table_get(fds, 100000, &g), -EBADF);
    KT_CHECK_EQ(t, fd_table_close(fds, 1), 0);
    KT_CHECK_EQ(t, fd_table_close(fds, 1), -EBADF);
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 0), 1);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(fds, 5), FD_CLOEXEC);
    KT_CHECK_EQ(t, fd_table_set_fd_flags(fds, 5, 0), 0);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(fds, 5), 0);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(fds, 4), -EBADF);
    KT_CHECK_EQ(t, fd_table_count(fds), 4);
    /* Slots grow past the initial size. */
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 300), 300);
    fd_table_destroy(fds);
    KT_CHECK_EQ(t, f->refcount, 1);
    file_put(f);
    fs_test_teardown(t, &ft);
}

KTEST(fd_table, limit_emfile)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct fd_table *fds;
    KT_ASSERT(t, fd_table_create(&fds) == 0);
    struct file *f;
    KT_ASSERT(t, make_file(&ft, "/f", &f) == 0);
    KT_CHECK_EQ(t, fd_table_set_limit(fds, 8), 0);
    for (int i = 0; i < 8; i++)
        KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 0), i);
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 0), -EMFILE);
    KT_CHECK_EQ(t, fd_table_dup(fds, 0, 0, 0), -EMFILE);
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 8), -EINVAL);     /* F_DUPFD past the limit */
    KT_CHECK_EQ(t, fd_table_dup2(fds, 0, 8), -EBADF);
    KT_CHECK_EQ(t, fd_table_close(fds, 3), 0);
    KT_CHECK_EQ(t, fd_table_install(fds, f, 0, 0), 3);
    KT_CHECK_EQ(t, fd_table_set_limit(fds, 0), -EINVAL);
    /* The default limit is 1024 descriptors. */
    struct fd_table *big;
    KT_ASSERT(t, fd_table_create(&big) == 0);
    int last = 0;
    for (int i = 0; i < FD_TABLE_DEFAULT_LIMIT; i++)
        last = fd_table_install(big, f, 0, 0);
    KT_CHECK_EQ(t, last, FD_TABLE_DEFAULT_LIMIT - 1);
    KT_CHECK_EQ(t, fd_table_install(big, f, 0, 0), -EMFILE);
    fd_table_destroy(big);
    fd_table_destroy(fds);
    file_put(f);
    fs_test_teardown(t, &ft);
}

KTEST(fd_table, dup_shares_offset_and_flags)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    KT_CHECK_EQ(t, fs_test_write_str(&ft.ctx, "/f", "0123456789"), 0);
    struct fd_table *fds;
    KT_ASSERT(t, fd_table_create(&fds) == 0);
    struct file *f, *a, *b;
    KT_ASSERT(t, vfs_open(&ft.ctx, "/f", O_RDONLY, 0, &f) == 0);
    KT_CHECK_EQ(t, fd_table_install(fds, f, FD_CLOEXEC, 0), 0);
    file_put(f);
    KT_CHECK_EQ(t, fd_table_dup(fds, 0, 0, 0), 1);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(fds, 1), 0);   /* the flag is per descriptor */
    KT_CHECK_EQ(t, fd_table_dup(fds, 7, 0, 0), -EBADF);
    KT_ASSERT(t, fd_table_get(fds, 0, &a) == 0);
    KT_ASSERT(t, fd_table_get(fds, 1, &b) == 0);
    char buf[4];
    struct io_buffer io = io_buffer_kernel(buf);
    KT_CHECK_EQ(t, file_read(a, &io, 3), 3);
    KT_CHECK_EQ(t, file_read(b, &io, 3), 3);
    KT_CHECK(t, memcmp(buf, "345", 3) == 0);    /* one shared offset */
    /* Status flags are shared too. */
    file_set_flags(a, O_NONBLOCK | O_APPEND | O_CREAT);
    KT_CHECK_EQ(t, file_get_flags(b) & (O_NONBLOCK | O_APPEND | O_CREAT), O_NONBLOCK | O_APPEND);
    KT_CHECK_EQ(t, file_get_flags(b) & O_ACCMODE, O_RDONLY);
    file_put(a);
    file_put(b);

    /* dup2: the same fd is returned untouched; a target is closed first. */
    KT_CHECK_EQ(t, fd_table_dup2(fds, 0, 0), 0);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(fds, 0), FD_CLOEXEC);
    KT_CHECK_EQ(t, fd_table_dup2(fds, 9, 9), -EBADF);
    KT_CHECK_EQ(t, fd_table_dup2(fds, 0, 20), 20);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(fds, 20), 0);
    KT_CHECK_EQ(t, fd_table_dup2(fds, 1, 20), 20);
    KT_CHECK_EQ(t, fd_table_dup2(fds, 1, -1), -EBADF);
    /* dup3: the same fd is EINVAL; O_CLOEXEC sets the flag. */
    KT_CHECK_EQ(t, fd_table_dup3(fds, 0, 0, 0), -EINVAL);
    KT_CHECK_EQ(t, fd_table_dup3(fds, 0, 21, O_CLOEXEC), 21);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(fds, 21), FD_CLOEXEC);
    KT_CHECK_EQ(t, fd_table_dup3(fds, 0, 22, O_APPEND), -EINVAL);
    fd_table_destroy(fds);
    fs_test_teardown(t, &ft);
}

KTEST(fd_table, clone_and_close_on_exec)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct fd_table *parent, *child;
    KT_ASSERT(t, fd_table_create(&parent) == 0);
    struct file *f, *g;
    KT_ASSERT(t, make_file(&ft, "/f", &f) == 0);
    KT_CHECK_EQ(t, fd_table_install(parent, f, 0, 0), 0);
    KT_CHECK_EQ(t, fd_table_install(parent, f, FD_CLOEXEC, 0), 1);
    KT_CHECK_EQ(t, fd_table_install(parent, f, FD_CLOEXEC, 40), 40);
    KT_ASSERT(t, fd_table_clone(parent, &child) == 0);
    KT_CHECK_EQ(t, fd_table_count(child), 3);
    KT_CHECK_EQ(t, fd_table_get(child, 40, &g), 0);
    KT_CHECK(t, g == f);        /* the same description, not a copy */
    file_put(g);
    KT_CHECK_EQ(t, fd_table_get_fd_flags(child, 1), FD_CLOEXEC);
    /* Closing in one table leaves the other alone. */
    KT_CHECK_EQ(t, fd_table_close(child, 0), 0);
    KT_CHECK_EQ(t, fd_table_get(parent, 0, &g), 0);
    file_put(g);
    fd_table_close_on_exec(child);
    KT_CHECK_EQ(t, fd_table_count(child), 0);
    KT_CHECK_EQ(t, fd_table_count(parent), 3);
    fd_table_close_on_exec(parent);
    KT_CHECK_EQ(t, fd_table_count(parent), 1);
    KT_CHECK_EQ(t, f->refcount, 2);
    fd_table_destroy(child);
    fd_table_destroy(parent);
    KT_CHECK_EQ(t, f->refcount, 1);
    file_put(f);
    fs_test_teardown(t, &ft);
}

static int count_cb(void *ctx, int fd, struct file *f, int fd_flags)
{
    int *sum = ctx;
    *sum += fd;
    return fd == 7 ? 99 : 0;
}

KTEST(fd_table, for_each)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct fd_table *fds;
    KT_ASSERT(t, fd_table_create(&fds) == 0);
    struct file *f;
    KT_ASSERT(t, make_file(&ft, "/f", &f) == 0);
    fd_table_install(fds, f, 0, 2);
    fd_table_install(fds, f, 0, 7);
    fd_table_install(fds, f, 0, 9);
    int sum = 0;
    KT_CHECK_EQ(t, fd_table_for_each(fds, count_cb, &sum), 99);  /* stopped at 7 */
    KT_CHECK_EQ(t, sum, 9);
    fd_table_destroy(fds);
    file_put(f);
    fs_test_teardown(t, &ft);
}
