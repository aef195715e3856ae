/* Pseudo-terminals: /dev/ptmx and /dev/pts, data both ways with flow
 * control, locking, and what each side sees when the other goes away. */
#include "kernel/completion.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "mm/heap.h"
#include "tests/kernel/test_fs_helpers.h"
#include "tests/kernel/tty_test.h"

#define MS TTY_TEST_MS

static bool pts_node_exists(unsigned index, struct stat *st)
{
    char path[32];
    snprintf(path, sizeof(path), "/dev/pts/%u", index);
    struct vfs_context c;
    vfs_kernel_context(&c);
    return vfs_stat(&c, path, 0, st) == 0;
}

KTEST(tty_pty, pairs_nodes_and_data_both_ways)
{
    struct tty_pair a, b;
    KT_ASSERT(t, tty_pair_open(&a) == 0);
    KT_ASSERT(t, tty_pair_open(&b) == 0);
    KT_CHECK(t, a.index != b.index);
    struct stat st;
    KT_CHECK(t, pts_node_exists(a.index, &st));
    KT_CHECK(t, S_ISCHR(st.st_mode));
    KT_CHECK_EQ(t, st.st_mode & 0777, 0620);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(PTY_SLAVE_MAJOR, a.index));
    file_stat(a.slave, &st);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(PTY_SLAVE_MAJOR, a.index));

    KT_ASSERT(t, tty_raw(&a, 1, 0) == 0);
    char buf[32];
    KT_CHECK_EQ(t, tty_type(&a, "ping"), 4);
    KT_CHECK_EQ(t, tty_read_now(&a, buf, sizeof(buf)), 4);
    KT_CHECK_STR(t, buf, "ping");
    struct io_buffer io = io_buffer_kernel("pong");
    KT_CHECK_EQ(t, file_write(a.slave, &io, 4), 4);
    KT_CHECK(t, file_poll(a.master, NULL) & POLLIN);
    KT_CHECK_EQ(t, tty_screen(&a, buf, sizeof(buf)), 4);
    KT_CHECK_STR(t, buf, "pong");
    /* The pairs are independent. */
    KT_CHECK_EQ(t, tty_screen(&b, buf, sizeof(buf)), -EAGAIN);
    /* Window sizes set on the master are the slave's. */
    struct winsize ws = { 40, 120, 0, 0 }, got;
    KT_CHECK_EQ(t, tty_ioctl_kernel(a.master, TIOCSWINSZ, &ws), 0);
    KT_CHECK_EQ(t, tty_ioctl_kernel(a.slave, TIOCGWINSZ, &got), 0);
    KT_CHECK_EQ(t, got.ws_row, 40);
    KT_CHECK_EQ(t, got.ws_col, 120);
    /* A master is not a terminal of its own. */
    KT_CHECK_EQ(t, tty_ioctl_kernel(a.master, TIOCSCTTY, NULL), -EINVAL);
    unsigned a_index = a.index;
    tty_pair_close(&a);
    tty_pair_close(&b);
    KT_CHECK(t, !pts_node_exists(a_index, &st));
}

KTEST(tty_pty, slave_locked_until_unlockpt)
{
    struct file *master, *slave;
    KT_ASSERT(t, tty_test_open("/dev/ptmx", O_RDWR, &master) == 0);
    unsigned n;
    KT_ASSERT(t, tty_ioctl_kernel(master, TIOCGPTN, &n) == 0);
    char path[32];
    snprintf(path, sizeof(path), "/dev/pts/%u", n);
    KT_CHECK_EQ(t, tty_test_open(path, O_RDWR, &slave), -EIO);
    int lock = 0;
    KT_CHECK_EQ(t, tty_ioctl_kernel(master, TIOCSPTLCK, &lock), 0);
    KT_ASSERT(t, tty_test_open(path, O_RDWR, &slave) == 0);
    /* The kernel opening a terminal never makes it anyone's controlling
     * terminal. */
    KT_CHECK_EQ(t, tty_from_file(slave)->session, 0);
    file_put(slave);
    file_put(master);
    /* Nothing answers for a number without a pair. */
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    KT_CHECK_EQ(t, vfs_mknod(&ft.ctx, "/pts50", S_IFCHR | 0600, DEV_MAKE(PTY_SLAVE_MAJOR, 50)), 0);
    KT_CHECK_EQ(t, vfs_open(&ft.ctx, "/pts50", O_RDWR, 0, &slave), -ENXIO);
    KT_CHECK_EQ(t, vfs_unlink(&ft.ctx, "/pts50"), 0);
    fs_test_teardown(t, &ft);
}

struct pty_peer {
    struct file *f;
    char *buf;
    size_t len;
    uint64_t delay_ns;
    ssize_t result;
    struct completion done;
};

static void peer_close_main(void *arg)
{
    struct pty_peer *p = arg;
    thread_sleep_ns(p->delay_ns);
    file_put(p->f);
    completion_signal(&p->done);
}

static void peer_read_all_main(void *arg)
{
    struct pty_peer *p = arg;
    thread_sleep_ns(p->delay_ns);
    size_t got = 0;
    while (got < p->len) {
        struct io_buffer io = io_buffer_kernel(p->buf + got);
        ssize_t n = file_read(p->f, &io, p->len - got);
        if (n <= 0) {
            p->result = got ? (ssize_t)got : n;
            completion_signal(&p->done);
            return;
        }
        got += (size_t)n;
    }
    p->result = (ssize_t)got;
    completion_signal(&p->done);
}

static void peer_write_main(void *arg)
{
    struct pty_peer *p = arg;
    thread_sleep_ns(p->delay_ns);
    struct io_buffer io = io_buffer_kernel(p->buf);
    p->result = file_write(p->f, &io, p->len);
    completion_signal(&p->done);
}

static bool start_peer(struct pty_peer *p, void (*fn)(void *), struct file *f, char *buf, size_t len,
                       uint64_t delay_ns)
{
    p->f = f;
    p->buf = buf;
    p->len = len;
    p->delay_ns = delay_ns;
    p->result = 0;
    completion_init(&p->done);
    return thread_create_kernel(kernel_process, fn, p, THREAD_PRIORITY_NORMAL, "pty-peer") != NULL;
}

KTEST(tty_pty, master_sees_eio_after_the_last_slave_closes)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    struct file *second;
    char path[32];
    snprintf(path, sizeof(path), "/dev/pts/%u", p.index);
    KT_ASSERT(t, tty_test_open(path, O_RDWR, &second) == 0);
    struct io_buffer io = io_buffer_kernel("bye");
    KT_CHECK_EQ(t, file_write(p.slave, &io, 3), 3);
    file_put(p.slave);
    p.slave = NULL;
    /* One slave file is still open: nothing ends yet. */
    KT_CHECK_EQ(t, file_poll(p.master, NULL) & POLLHUP, 0);
    file_put(second);
    KT_CHECK_EQ(t, file_poll(p.master, NULL), POLLIN | POLLRDNORM | POLLHUP);
    char buf[16];
    KT_CHECK_EQ(t, tty_screen(&p, buf, sizeof(buf)), 3);       /* data first */
    KT_CHECK_STR(t, buf, "bye");
    KT_CHECK_EQ(t, tty_screen(&p, buf, sizeof(buf)), -EIO);
    KT_CHECK_EQ(t, tty_type(&p, "x"), -EIO);

    /* A slave may come back, and a blocked master read sees it leave. */
    struct pty_peer closer;
    KT_ASSERT(t, tty_test_open(path, O_RDWR, &second) == 0);
    file_set_flags(p.master, 0);
    KT_ASSERT(t, start_peer(&closer, peer_close_main, second, NULL, 0, 30 * MS));
    struct io_buffer bio = io_buffer_kernel(buf);
    KT_CHECK_EQ(t, file_read(p.master, &bio, sizeof(buf)), -EIO);
    KT_ASSERT(t, completion_wait(&closer.done, 1, 5000 * MS) == 0);
    tty_pair_close(&p);
}

KTEST(tty_pty, slave_is_hung_up_when_the_master_closes)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char path[32];
    snprintf(path, sizeof(path), "/dev/pts/%u", p.index);
    /* A reader blocked on the slave wakes up with end of file. */
    char buf[16];
    struct pty_peer reader;
    KT_ASSERT(t, start_peer(&reader, peer_read_all_main, p.slave, buf, sizeof(buf), 0));
    thread_sleep_ns(30 * MS);
    KT_CHECK_EQ(t, reader.done.done, 0);
    file_put(p.master);
    p.master = NULL;
    KT_ASSERT(t, completion_wait(&reader.done, 1, 5000 * MS) == 0);
    KT_CHECK_EQ(t, reader.result, 0);

    struct io_buffer io = io_buffer_kernel(buf);
    KT_CHECK_EQ(t, file_read(p.slave, &io, sizeof(buf)), 0);
    KT_CHECK_EQ(t, file_write(p.slave, &io, 1), -EIO);
    KT_CHECK(t, file_poll(p.slave, NULL) & POLLHUP);
    /* The pair lives on while the slave is open, but cannot be reopened. */
    struct file *again;
    KT_CHECK_EQ(t, tty_test_open(path, O_RDWR, &again), -EIO);
    struct stat st;
    KT_CHECK(t, pts_node_exists(p.index, &st));
    tty_pair_close(&p);
    KT_CHECK(t, !pts_node_exists(p.index, &st));
}

KTEST(tty_pty, bulk_data_with_flow_control)
{
    enum { TOTAL = 3 * PTY_BUF_SIZE + 321 };
    static char src[TOTAL], dst[TOTAL];
    for (size_t i = 0; i < TOTAL; i++)
        src[i] = (char)('a' + i % 26);
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    struct termios tio;
    KT_ASSERT(t, tty_get_termios(&p, &tio) == 0);
    tio.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    tio.c_iflag &= ~(tcflag_t)(ICRNL | IXON);
    tio.c_oflag &= ~(tcflag_t)OPOST;
    tio.c_cc[VMIN] = 1;
    KT_ASSERT(t, tty_set_termios(&p, &tio) == 0);
    file_set_flags(p.master, 0);

    /* Master to slave: the writer waits whenever the slave's input is full. */
    struct pty_peer reader;
    KT_ASSERT(t, start_peer(&reader, peer_read_all_main, p.slave, dst, TOTAL, 30 * MS));
    struct io_buffer io = io_buffer_kernel(src);
    KT_CHECK_EQ(t, file_write(p.master, &io, TOTAL), TOTAL);
    KT_ASSERT(t, completion_wait(&reader.done, 1, 10000 * MS) == 0);
    KT_CHECK_EQ(t, reader.result, TOTAL);
    KT_CHECK(t, memcmp(src, dst, TOTAL) == 0);

    /* Slave to master: the writer waits whenever the master's buffer is full. */
    memset(dst, 0, sizeof(dst));
    struct pty_peer writer;
    KT_ASSERT(t, start_peer(&writer, peer_write_main, p.slave, src, TOTAL, 0));
    thread_sleep_ns(30 * MS);
    KT_CHECK_EQ(t, writer.done.done, 0);        /* blocked on a full buffer */
    int queued = -1;
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.slave, TIOCOUTQ, &queued), 0);
    KT_CHECK_EQ(t, queued, PTY_BUF_SIZE);
    size_t got = 0;
    while (got < TOTAL) {
        struct io_buffer dio = io_buffer_kernel(dst + got);
        ssize_t n = file_read(p.master, &dio, TOTAL - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    KT_CHECK_EQ(t, got, TOTAL);
    KT_ASSERT(t, completion_wait(&writer.done, 1, 10000 * MS) == 0);
    KT_CHECK_EQ(t, writer.result, TOTAL);
    KT_CHECK(t, memcmp(src, dst, TOTAL) == 0);
    tty_pair_close(&p);
}

KTEST(tty_pty, dev_tty_needs_a_controlling_terminal)
{
    struct file *f;
    KT_CHECK_EQ(t, tty_test_open("/dev/tty", O_RDWR, &f), -ENXIO);
    struct stat st;
    struct vfs_context c;
    vfs_kernel_context(&c);
    KT_CHECK_EQ(t, vfs_stat(&c, "/dev/tty", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(5, 0));
    KT_CHECK_EQ(t, vfs_stat(&c, "/dev/ptmx", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(5, 2));
    KT_CHECK_EQ(t, vfs_stat(&c, "/dev/ttyS0", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(4, 64));
    KT_CHECK_EQ(t, vfs_stat(&c, "/dev/tty1", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(4, 1));
    KT_CHECK_EQ(t, vfs_stat(&c, "/dev/tty4", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_rdev, DEV_MAKE(4, 4));
    /* devpts cannot be unmounted from under the pairs. */
    KT_CHECK_EQ(t, vfs_umount(&c, "/dev/pts"), -EBUSY);
}

KTEST(tty_pty, no_leaks)
{
    fs_test_quiesce();
    struct heap_stats before, after;
    heap_get_stats(&before);
    for (int i = 0; i < 20; i++) {
        struct tty_pair p;
        KT_ASSERT(t, tty_pair_open(&p) == 0);
        tty_type(&p, "leak?\n");
        if (i % 2) {
            file_put(p.master);
            file_put(p.slave);
        } else {
            file_put(p.slave);
            file_put(p.master);
        }
    }
    fs_test_quiesce();
    heap_get_stats(&after);
    KT_CHECK_EQ(t, after.bytes_in_use, before.bytes_in_use);
}
