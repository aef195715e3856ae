/* /dev: the standard devices, device numbers, and registration. */
#include "fs/device.h"
#include "test_fs_helpers.h"

static int dev_open(const char *path, int flags, struct file **f)
{
    struct vfs_context c;
    vfs_kernel_context(&c);
    return vfs_open(&c, path, flags, 0, f);
}

KTEST(fs_devfs, null_zero_full)
{
    struct file *f;
    char buf[16];
    struct io_buffer io = io_buffer_kernel(buf);
    memset(buf, 'x', sizeof(buf));

    KT_ASSERT(t, dev_open("/dev/null", O_RDWR, &f) == 0);
    KT_CHECK_EQ(t, file_read(f, &io, sizeof(buf)), 0);
    KT_CHECK_EQ(t, file_write(f, &io, sizeof(buf)), (ssize_t)sizeof(buf));
    struct stat st;
    file_stat(f, &st);
    KT_CHECK(t, S_ISCHR(st.st_mode));
    KT_CHECK_EQ(t, DEV_MAJOR(st.st_rdev), 1);
    KT_CHECK_EQ(t, DEV_MINOR(st.st_rdev), 3);
    KT_CHECK_EQ(t, st.st_mode & 0777, 0666);
    file_put(f);

    KT_ASSERT(t, dev_open("/dev/zero", O_RDWR, &f) == 0);
    KT_CHECK_EQ(t, file_read(f, &io, sizeof(buf)), (ssize_t)sizeof(buf));
    KT_CHECK(t, buf[0] == 0 && buf[15] == 0);
    KT_CHECK_EQ(t, file_write(f, &io, 4), 4);
    file_put(f);

    KT_ASSERT(t, dev_open("/dev/full", O_RDWR, &f) == 0);
    memset(buf, 'x', sizeof(buf));
    KT_CHECK_EQ(t, file_read(f, &io, 8), 8);
    KT_CHECK(t, buf[7] == 0 && buf[8] == 'x');
    KT_CHECK_EQ(t, file_write(f, &io, 1), -ENOSPC);
    file_put(f);

    /* Any node with the number reaches the driver, wherever it is. */
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    KT_CHECK_EQ(t, vfs_mknod(&ft.ctx, "/mynull", S_IFCHR | 0600, DEV_MAKE(1, 3)), 0);
    KT_CHECK_EQ(t, vfs_mknod(&ft.ctx, "/nodev", S_IFCHR | 0600, DEV_MAKE(250, 1)), 0);
    struct vfs_context user = fs_test_as(&ft, &fs_test_user);
    KT_CHECK_EQ(t, vfs_mknod(&user, "/nope", S_IFCHR | 0600, DEV_MAKE(1, 3)), -EPERM);
    KT_ASSERT(t, vfs_open(&ft.ctx, "/mynull", O_WRONLY, 0, &f) == 0);
    KT_CHECK_EQ(t, file_write(f, &io, 3), 3);
    file_put(f);
    KT_CHECK_EQ(t, vfs_open(&ft.ctx, "/nodev", O_RDONLY, 0, &f), -ENXIO);
    fs_test_teardown(t, &ft);
}

KTEST(fs_devfs, random)
{
    struct file *f;
    unsigned char a[64], b[64];
    struct io_buffer ia = io_buffer_kernel(a), ib = io_buffer_kernel(b);
    KT_ASSERT(t, dev_open("/dev/urandom", O_RDWR, &f) == 0);
    KT_CHECK_EQ(t, file_read(f, &ia, sizeof(a)), 64);
    KT_CHECK_EQ(t, file_read(f, &ib, sizeof(b)), 64);
    KT_CHECK(t, memcmp(a, b, sizeof(a)) != 0);
    /* Crude sanity: bits are neither all set nor all clear. */
    unsigned ones = 0;
    for (unsigned i = 0; i < sizeof(a); i++)
        for (unsigned bit = 0; bit < 8; bit++)
            ones += (a[i] >> bit) & 1;
    KT_CHECK(t, ones > 160 && ones < 352);
    KT_CHECK_EQ(t, file_write(f, &ia, 10), 10);     /* mixing in is allowed */
    file_put(f);
    KT_ASSERT(t, dev_open("/dev/random", O_RDONLY, &f) == 0);
    struct stat st;
    file_stat(f, &st);
    KT_CHECK_EQ(t, DEV_MINOR(st.st_rdev), 8);
    static unsigned char big[1000];
    struct io_buffer ibig = io_buffer_kernel(big);
    KT_CHECK_EQ(t, file_read(f, &ibig, sizeof(big)), 1000);
    file_put(f);
}

KTEST(fs_devfs, console_and_registration)
{
    struct file *f;
    KT_ASSERT(t, dev_open("/dev/console", O_WRONLY, &f) == 0);
    char msg[] = "# devfs: hello from /dev/console\n";
    struct io_buffer io = io_buffer_kernel(msg);
    KT_CHECK_EQ(t, file_write(f, &io, sizeof(msg) - 1), (ssize_t)(sizeof(msg) - 1));
    struct stat st;
    file_stat(f, &st);
    KT_CHECK_EQ(t, DEV_MAJOR(st.st_rdev), 5);
    KT_CHECK_EQ(t, DEV_MINOR(st.st_rdev), 1);
    file_put(f);

    /* A driver registered after boot appears in /dev at once. */
    static const struct file_ops test_ops = { .read = NULL };
    KT_CHECK_EQ(t, devfs_register_char("kt_test0", 240, 7, &test_ops), 0);
    KT_CHECK_EQ(t, devfs_register_char("kt_dup", 240, 7, &test_ops), -EEXIST);
    struct vfs_context c;
    vfs_kernel_context(&c);
    KT_CHECK_EQ(t, vfs_stat(&c, "/dev/kt_test0", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(240, 7));
    KT_CHECK(t, !fs_test_exists(&c, "/dev/kt_dup"));
    KT_ASSERT(t, vfs_open(&c, "/dev/kt_test0", O_RDONLY, 0, &f) == 0);
    char b[1];
    struct io_buffer ib = io_buffer_kernel(b);
    KT_CHECK_EQ(t, file_read(f, &ib, 1), -EINVAL);      /* no read op */
    KT_CHECK_EQ(t, file_ioctl(f, 1, 0), -ENOTTY);
    file_put(f);
    /* Big device numbers survive the dev_t encoding. */
    dev_t d = DEV_MAKE(4000, 900000);
    KT_CHECK_EQ(t, DEV_MAJOR(d), 4000);
    KT_CHECK_EQ(t, DEV_MINOR(d), 900000);
}
