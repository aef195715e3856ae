/* Pipes: non-blocking behaviour, end of file, EPIPE, poll, atomic writes,
 * and blocking readers and writers woken by other threads. */
#include "fs/pipe.h"
#include "kernel/api/poll.h"
#include "kernel/clock.h"
#include "kernel/completion.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "test_fs_helpers.h"

#define MS (1000000ull)
#define SECONDS (1000000000ull)

KTEST(fs_pipe, nonblocking_paths)
{
    struct file *r, *w;
    KT_ASSERT(t, pipe_create(&r, &w) == 0);
    file_set_flags(r, O_NONBLOCK);
    file_set_flags(w, O_NONBLOCK);
    static char buf[PIPE_CAPACITY + 100];
    struct io_buffer io = io_buffer_kernel(buf);

    KT_CHECK_EQ(t, file_read(r, &io, 10), -EAGAIN);
    KT_CHECK_EQ(t, file_poll(r, NULL), 0);
    KT_CHECK_EQ(t, file_poll(w, NULL), POLLOUT | POLLWRNORM);
    memcpy(buf, "hello", 5);
    KT_CHECK_EQ(t, file_write(w, &io, 5), 5);
    KT_CHECK_EQ(t, file_poll(r, NULL), POLLIN | POLLRDNORM);
    memset(buf, 0, 5);
    KT_CHECK_EQ(t, file_read(r, &io, 3), 3);
    KT_CHECK(t, memcmp(buf, "hel", 3) == 0);
    KT_CHECK_EQ(t, file_read(r, &io, 100), 2);
    KT_CHECK(t, memcmp(buf, "lo", 2) == 0);

    /* Wrong directions, seeking, stat. */
    KT_CHECK_EQ(t, file_write(r, &io, 1), -EBADF);
    KT_CHECK_EQ(t, file_read(w, &io, 1), -EBADF);
    off_t pos;
    KT_CHECK_EQ(t, file_lseek(r, 0, SEEK_SET, &pos), -ESPIPE);
    KT_CHECK_EQ(t, file_pread(r, &io, 1, 0), -ESPIPE);
    struct stat st;
    file_stat(r, &st);
    KT_CHECK(t, S_ISFIFO(st.st_mode));

    /* Filling up: a big write is cut short, then EAGAIN. A small write
     * that does not fit whole is not split. */
    for (size_t i = 0; i < sizeof(buf); i++)
        buf[i] = (char)i;
    KT_CHECK_EQ(t, file_write(w, &io, PIPE_CAPACITY - 10), PIPE_CAPACITY - 10);
    KT_CHECK_EQ(t, file_write(w, &io, 20), -EAGAIN);
    KT_CHECK_EQ(t, file_poll(w, NULL), 0);
    KT_CHECK_EQ(t, file_write(w, &io, PIPE_BUF + 1), 10);
    KT_CHECK_EQ(t, file_write(w, &io, PIPE_BUF + 1), -EAGAIN);
    static char out[PIPE_CAPACITY];
    struct io_buffer io_out = io_buffer_kernel(out);
    KT_CHECK_EQ(t, file_read(r, &io_out, sizeof(out)), PIPE_CAPACITY);
    KT_CHECK(t, memcmp(out, buf, PIPE_CAPACITY - 10) == 0);
    KT_CHECK(t, memcmp(out + PIPE_CAPACITY - 10, buf, 10) == 0);

    /* Writers gone: data first, then end of file and POLLHUP. */
    KT_CHECK_EQ(t, file_write(w, &io, 3), 3);
    file_put(w);
    KT_CHECK_EQ(t, file_poll(r, NULL), POLLIN | POLLRDNORM | POLLHUP);
    KT_CHECK_EQ(t, file_read(r, &io_out, 10), 3);
    KT_CHECK_EQ(t, file_read(r, &io_out, 10), 0);
    file_put(r);
}

KTEST(fs_pipe, epipe_without_readers)
{
    struct file *r, *w;
    KT_ASSERT(t, pipe_create(&r, &w) == 0);
    char buf[4] = "abc";
    struct io_buffer io = io_buffer_kernel(buf);
    file_put(r);
    KT_CHECK_EQ(t, file_write(w, &io, 3), -EPIPE);
    KT_CHECK(t, file_poll(w, NULL) & POLLERR);
    file_put(w);
}

struct pipe_peer {
    struct file *f;
    char *buf;
    size_t len;
    uint64_t delay_ns;
    ssize_t result;
    struct completion *done;
};

static void pipe_writer_main(void *arg)
{
    struct pipe_peer *p = arg;
    thread_sleep_ns(p->delay_ns);
    struct io_buffer io = io_buffer_kernel(p->buf);
    p->result = file_write(p->f, &io, p->len);
    completion_signal(p->done);
}

static void pipe_closer_main(void *arg)
{
    struct pipe_peer *p = arg;
    thread_sleep_ns(p->delay_ns);
    file_put(p->f);
    p->result = 0;
    completion_signal(p->done);
}

static void pipe_reader_main(void *arg)
{
    struct pipe_peer *p = arg;
    thread_sleep_ns(p->delay_ns);
    size_t got = 0;
    while (got < p->len) {
        struct io_buffer io = io_buffer_kernel(p->buf + got);
        ssize_t n = file_read(p->f, &io, p->len - got);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    p->result = (ssize_t)got;
    completion_signal(p->done);
}

KTEST(fs_pipe, blocking_read_is_woken)
{
    struct file *r, *w;
    KT_ASSERT(t, pipe_create(&r, &w) == 0);
    struct completion done;
    completion_init(&done);
    char msg[] = "wake up";
    struct pipe_peer p = { .f = w, .buf = msg, .len = 7, .delay_ns = 30 * MS, .done = &done };
    KT_ASSERT(t, thread_create_kernel(kernel_process, pipe_writer_main, &p, THREAD_PRIORITY_NORMAL, "pwriter"));
    uint64_t start = clock_monotonic_ns();
    char buf[16];
    struct io_buffer io = io_buffer_kernel(buf);
    KT_CHECK_EQ(t, file_read(r, &io, sizeof(buf)), 7);      /* blocks until the writer runs */
    KT_CHECK(t, clock_monotonic_ns() - start >= 20 * MS);
    KT_CHECK(t, memcmp(buf, "wake up", 7) == 0);
    KT_ASSERT(t, completion_wait(&done, 1, 5 * SECONDS) == 0);
    KT_CHECK_EQ(t, p.result, 7);

    /* A reader blocked on an empty pipe sees end of file when the last
     * writer goes away. */
    struct pipe_peer closer = { .f = w, .delay_ns = 30 * MS, .done = &done };
    KT_ASSERT(t, thread_create_kernel(kernel_process, pipe_closer_main, &closer, THREAD_PRIORITY_NORMAL, "pcloser"));
    KT_CHECK_EQ(t, file_read(r, &io, sizeof(buf)), 0);
    KT_ASSERT(t, completion_wait(&done, 2, 5 * SECONDS) == 0);
    file_put(r);
}

KTEST(fs_pipe, blocking_writes_stream_in_order)
{
    struct file *r, *w;
    KT_ASSERT(t, pipe_create(&r, &w) == 0);
    enum { TOTAL = 3 * PIPE_CAPACITY + 123 };
    static char src[TOTAL], dst[TOTAL];
    for (size_t i = 0; i < TOTAL; i++)
        src[i] = (char)(i * 7 + (i >> 8));
    struct completion done;
    completion_init(&done);
    /* The writer blocks whenever the pipe is full; the reader, started
     * late, drains it. */
    struct pipe_peer wr = { .f = w, .buf = src, .len = TOTAL, .delay_ns = 0, .done = &done };
    struct pipe_peer rd = { .f = r, .buf = dst, .len = TOTAL, .delay_ns = 30 * MS, .done = &done };
    KT_ASSERT(t, thread_create_kernel(kernel_process, pipe_writer_main, &wr, THREAD_PRIORITY_NORMAL, "pwriter"));
    KT_ASSERT(t, thread_create_kernel(kernel_process, pipe_reader_main, &rd, THREAD_PRIORITY_NORMAL, "preader"));
    KT_ASSERT(t, completion_wait(&done, 2, 10 * SECONDS) == 0);
    KT_CHECK_EQ(t, wr.result, TOTAL);
    KT_CHECK_EQ(t, rd.result, TOTAL);
    KT_CHECK(t, memcmp(src, dst, TOTAL) == 0);

    /* A writer blocked on a full pipe gets EPIPE-or-count when the reader
     * leaves: it had written some bytes, so it reports those. */
    file_set_flags(w, O_NONBLOCK);
    struct io_buffer io = io_buffer_kernel(src);
    KT_CHECK_EQ(t, file_write(w, &io, PIPE_CAPACITY), PIPE_CAPACITY);
    file_set_flags(w, 0);
    struct completion done2;
    completion_init(&done2);
    struct pipe_peer wr2 = { .f = w, .buf = src, .len = 100, .delay_ns = 0, .done = &done2 };
    KT_ASSERT(t, thread_create_kernel(kernel_process, pipe_writer_main, &wr2, THREAD_PRIORITY_NORMAL, "pwriter2"));
    thread_sleep_ns(30 * MS);
    KT_CHECK_EQ(t, done2.done, 0);      /* still blocked */
    file_put(r);
    KT_ASSERT(t, completion_wait(&done2, 1, 5 * SECONDS) == 0);
    KT_CHECK_EQ(t, wr2.result, -EPIPE);
    file_put(w);
}

KTEST(fs_pipe, no_leaks)
{
    fs_test_quiesce();
    struct heap_stats before, after;
    heap_get_stats(&before);
    for (int i = 0; i < 100; i++) {
        struct file *r, *w;
        KT_ASSERT(t, pipe_create(&r, &w) == 0);
        char b[8] = "1234567";
        struct io_buffer io = io_buffer_kernel(b);
        KT_CHECK_EQ(t, file_write(w, &io, 8), 8);
        if (i % 2) {
            file_put(r);
            file_put(w);
        } else {
            file_put(w);
            file_put(r);
        }
    }
    fs_test_quiesce();
    heap_get_stats(&after);
    KT_CHECK_EQ(t, after.bytes_in_use, before.bytes_in_use);
}
