/* The line discipline through a pseudo-terminal: what typing does (echo,
 * editing, end of file, canonical lines, raw mode and VMIN/VTIME) and what
 * output processing does to what programs write. */
#include "kernel/clock.h"
#include "kernel/completion.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "tests/kernel/tty_test.h"

#define MS TTY_TEST_MS

KTEST(tty_ldisc, canonical_lines_and_echo)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64], screen[256];

    KT_CHECK_EQ(t, tty_type(&p, "hello\r"), 6);
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "hello\r\n");       /* ICRNL in, ONLCR out */
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 6);
    KT_CHECK_STR(t, buf, "hello\n");

    /* One line per read, however much room the reader has. */
    tty_type(&p, "one\ntwo\n");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 4);
    KT_CHECK_STR(t, buf, "one\n");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 4);
    KT_CHECK_STR(t, buf, "two\n");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), -EAGAIN);

    /* An unfinished line is not readable; finishing it makes it so. */
    tty_type(&p, "abc");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), -EAGAIN);
    KT_CHECK_EQ(t, file_poll(p.slave, NULL) & POLLIN, 0);
    KT_CHECK(t, file_poll(p.slave, NULL) & POLLOUT);
    tty_type(&p, "\n");
    KT_CHECK(t, file_poll(p.slave, NULL) & POLLIN);
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 4);
    KT_CHECK_STR(t, buf, "abc\n");

    /* A short read leaves the rest of the line for the next one. */
    tty_type(&p, "abcdef\n");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, 3), 3);
    KT_CHECK_STR(t, buf, "abc");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 4);
    KT_CHECK_STR(t, buf, "def\n");
    tty_pair_close(&p);
}

KTEST(tty_ldisc, erase)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64], screen[256];

    tty_type(&p, "abc\x7f\x7f" "d\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "abc\b \b\b \bd\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "ad\n");

    /* Backspace erases as well; erasing an empty line does nothing. */
    tty_type(&p, "\x7f\x7fxy\bz\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "xy\b \bz\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "xz\n");

    /* A control character echoed as ^A takes two columns to wipe; a tab
     * goes back to where it started. */
    tty_type(&p, "a\x01\x7f\t\x7f" "b\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "a^A\b \b\b \b\t\b\b\b\b\b\b\bb\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "ab\n");

    /* Without ECHOE the erase character is echoed instead. */
    KT_ASSERT(t, tty_lflags(&p, ECHOE, 0) == 0);
    tty_type(&p, "ab\x7f\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "ab^?\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "a\n");
    tty_pair_close(&p);
}

KTEST(tty_ldisc, word_erase_and_kill)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64], screen[256];

    tty_type(&p, "foo bar  \x17" "baz\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "foo bar  \b \b\b \b\b \b\b \b\b \bbaz\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "foo baz\n");

    /* ^U with ECHOKE wipes the line from the screen. */
    tty_type(&p, "bad\x15ok\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "bad\b \b\b \b\b \bok\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "ok\n");

    /* Without ECHOKE, ECHOK echoes the kill character and a newline. */
    KT_ASSERT(t, tty_lflags(&p, ECHOKE, 0) == 0);
    tty_type(&p, "xy\x15z\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "xy^U\r\nz\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "z\n");
    tty_pair_close(&p);
}

KTEST(tty_ldisc, end_of_file)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64], screen[64];

    /* ^D on an empty line reads as end of file, once. */
    tty_type(&p, "\x04");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 0);
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), -EAGAIN);
    /* ^D after some text hands over the partial line without a newline. */
    tty_type(&p, "par\x04");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 3);
    KT_CHECK_STR(t, buf, "par");
    tty_type(&p, "ab\n\x04");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 3);
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 0);
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "parab\r\n");       /* ^D itself is not echoed */
    tty_pair_close(&p);
}

KTEST(tty_ldisc, literal_next_reprint_and_echo_off)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64], screen[128];

    tty_type(&p, "a\x16\x7f\n");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 3);
    KT_CHECK_STR(t, buf, "a\x7f\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "a^\b^?\r\n");

    tty_type(&p, "ab\x12");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "ab^R\r\nab");
    tty_type(&p, "\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "ab\n");
    tty_screen(&p, screen, sizeof(screen));

    KT_ASSERT(t, tty_lflags(&p, ECHO, 0) == 0);
    tty_type(&p, "secret\n");
    KT_CHECK_EQ(t, tty_screen(&p, screen, sizeof(screen)), -EAGAIN);
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "secret\n");
    KT_ASSERT(t, tty_lflags(&p, 0, ECHONL) == 0);
    tty_type(&p, "x\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "\r\n");
    tty_pair_close(&p);
}

KTEST(tty_ldisc, signal_characters_without_a_group_flush_the_line)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64], screen[64];
    tty_type(&p, "abc\x03" "def\n");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "abc^Cdef\r\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "def\n");
    KT_ASSERT(t, tty_lflags(&p, 0, NOFLSH) == 0);
    tty_type(&p, "abc\x1a" "def\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "abcdef\n");
    /* Without ISIG they are ordinary bytes. */
    KT_ASSERT(t, tty_lflags(&p, ISIG, 0) == 0);
    tty_type(&p, "\x03\x1c\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "\x03\x1c\n");
    tty_pair_close(&p);
}

KTEST(tty_ldisc, raw_mode_and_mode_switches)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64];

    /* A half-typed line becomes raw input when ICANON goes off... */
    tty_type(&p, "abc");
    KT_ASSERT(t, tty_raw(&p, 1, 0) == 0);
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 3);
    KT_CHECK_STR(t, buf, "abc");
    /* ... raw input has no editing and needs no newline ... */
    tty_type(&p, "ab\x7f" "c\x15\r");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 6);
    KT_CHECK_STR(t, buf, "ab\x7f" "c\x15\n");
    struct termios tio;
    KT_ASSERT(t, tty_get_termios(&p, &tio) == 0);
    tio.c_iflag &= ~(tcflag_t)ICRNL;
    KT_ASSERT(t, tty_set_termios(&p, &tio) == 0);
    tty_type(&p, "\r");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 1);
    KT_CHECK_EQ(t, buf[0], '\r');
    /* ... and unread raw input becomes a line when ICANON comes back. */
    tty_type(&p, "xyz");
    KT_ASSERT(t, tty_lflags(&p, 0, ICANON) == 0);
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 3);
    KT_CHECK_STR(t, buf, "xyz");
    tty_pair_close(&p);
}

struct tty_typist {
    struct tty_pair *p;
    const char *text;
    uint64_t delay_ns;
    struct completion done;
};

static void tty_typist_main(void *arg)
{
    struct tty_typist *ty = arg;
    thread_sleep_ns(ty->delay_ns);
    tty_type(ty->p, ty->text);
    completion_signal(&ty->done);
}

static void start_typist(struct tty_typist *ty, struct tty_pair *p, const char *text, uint64_t delay_ns)
{
    ty->p = p;
    ty->text = text;
    ty->delay_ns = delay_ns;
    completion_init(&ty->done);
    if (!thread_create_kernel(kernel_process, tty_typist_main, ty, THREAD_PRIORITY_NORMAL, "tty-typist"))
        ty->text = NULL;
}

static ssize_t tty_read_blocking(struct tty_pair *p, char *buf, size_t len)
{
    struct io_buffer io = io_buffer_kernel(buf);
    ssize_t n = file_read(p->slave, &io, len);
    buf[n > 0 ? n : 0] = 0;
    return n;
}

KTEST(tty_ldisc, vmin_vtime)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64];
    struct tty_typist ty;

    /* MIN 0, TIME 0: whatever is there, even nothing, at once. */
    KT_ASSERT(t, tty_raw(&p, 0, 0) == 0);
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, sizeof(buf)), 0);
    tty_type(&p, "q");
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, sizeof(buf)), 1);

    /* MIN 0, TIME 2: 0 after 0.2 s without input... */
    KT_ASSERT(t, tty_raw(&p, 0, 2) == 0);
    uint64_t start = clock_monotonic_ns();
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, sizeof(buf)), 0);
    uint64_t took = clock_monotonic_ns() - start;
    KT_CHECK(t, took >= 150 * MS && took < 5000 * MS);
    /* ... or the first input, as soon as it comes. */
    start_typist(&ty, &p, "hi", 30 * MS);
    KT_ASSERT(t, ty.text);
    KT_CHECK(t, tty_read_blocking(&p, buf, sizeof(buf)) >= 1);
    KT_ASSERT(t, completion_wait(&ty.done, 1, 5000 * MS) == 0);
    tty_read_now(&p, buf, sizeof(buf));

    /* MIN 3, TIME 0: waits for the third byte. */
    KT_ASSERT(t, tty_raw(&p, 3, 0) == 0);
    tty_type(&p, "ab");
    start_typist(&ty, &p, "c", 40 * MS);
    KT_ASSERT(t, ty.text);
    start = clock_monotonic_ns();
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, sizeof(buf)), 3);
    KT_CHECK(t, clock_monotonic_ns() - start >= 30 * MS);
    KT_CHECK_STR(t, buf, "abc");
    KT_ASSERT(t, completion_wait(&ty.done, 1, 5000 * MS) == 0);
    /* ... but never for more than the reader asked. */
    tty_type(&p, "xy");
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, 1), 1);
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, 1), 1);

    /* MIN 5, TIME 1: after some input, 0.1 s of silence ends the read. */
    KT_ASSERT(t, tty_raw(&p, 5, 1) == 0);
    tty_type(&p, "ab");
    start = clock_monotonic_ns();
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, sizeof(buf)), 2);
    took = clock_monotonic_ns() - start;
    KT_CHECK(t, took >= 80 * MS && took < 5000 * MS);
    tty_pair_close(&p);
}

KTEST(tty_ldisc, blocking_canonical_read_waits_for_the_newline)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64];
    struct tty_typist ty;
    tty_type(&p, "par");
    start_typist(&ty, &p, "tial\n", 30 * MS);
    KT_ASSERT(t, ty.text);
    uint64_t start = clock_monotonic_ns();
    KT_CHECK_EQ(t, tty_read_blocking(&p, buf, sizeof(buf)), 8);
    KT_CHECK(t, clock_monotonic_ns() - start >= 20 * MS);
    KT_CHECK_STR(t, buf, "partial\n");
    KT_ASSERT(t, completion_wait(&ty.done, 1, 5000 * MS) == 0);
    tty_pair_close(&p);
}

static ssize_t slave_write(struct tty_pair *p, const char *s)
{
    struct io_buffer io = io_buffer_kernel((void *)s);
    return file_write(p->slave, &io, strlen(s));
}

KTEST(tty_ldisc, output_processing)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char screen[64];
    KT_CHECK_EQ(t, slave_write(&p, "a\nb"), 3);
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "a\r\nb");

    struct termios tio;
    KT_ASSERT(t, tty_get_termios(&p, &tio) == 0);
    tio.c_oflag |= OCRNL;
    KT_ASSERT(t, tty_set_termios(&p, &tio) == 0);
    slave_write(&p, "x\ry");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "x\ny");        /* the mapped newline is not expanded again */
    tio.c_oflag &= ~(tcflag_t)OPOST;
    KT_ASSERT(t, tty_set_termios(&p, &tio) == 0);
    slave_write(&p, "a\nb\r");
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "a\nb\r");
    tty_pair_close(&p);
}

KTEST(tty_ldisc, input_mapping_flush_and_fionread)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char buf[64];
    struct termios tio;
    KT_ASSERT(t, tty_get_termios(&p, &tio) == 0);
    tio.c_iflag |= IGNCR;
    KT_ASSERT(t, tty_set_termios(&p, &tio) == 0);
    tty_type(&p, "a\rb\n");
    tty_read_now(&p, buf, sizeof(buf));
    KT_CHECK_STR(t, buf, "ab\n");

    /* Only completed lines count as readable. */
    tty_type(&p, "one\ntwo");
    int n = -1;
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.slave, FIONREAD, &n), 0);
    KT_CHECK_EQ(t, n, 4);
    /* TCSETSF drops all input, the half-typed line too. */
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.slave, TCSETSF, &tio), 0);
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.slave, FIONREAD, &n), 0);
    KT_CHECK_EQ(t, n, 0);
    tty_type(&p, "\n");
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), 1);
    /* TCFLSH too. */
    tty_type(&p, "gone\n");
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.slave, TCFLSH, (void *)TCIFLUSH), 0);
    KT_CHECK_EQ(t, tty_read_now(&p, buf, sizeof(buf)), -EAGAIN);
    KT_CHECK_EQ(t, tty_ioctl_kernel(p.slave, TCFLSH, (void *)99), -EINVAL);
    tty_pair_close(&p);
}

struct tty_writer {
    struct tty_pair *p;
    const char *text;
    ssize_t result;
    struct completion done;
};

static void tty_writer_main(void *arg)
{
    struct tty_writer *w = arg;
    w->result = slave_write(w->p, w->text);
    completion_signal(&w->done);
}

KTEST(tty_ldisc, flow_control_stops_and_restarts_output)
{
    struct tty_pair p;
    KT_ASSERT(t, tty_pair_open(&p) == 0);
    char screen[64];
    tty_type(&p, "\x13");       /* ^S */
    KT_CHECK_EQ(t, file_poll(p.slave, NULL) & POLLOUT, 0);
    struct tty_writer w = { .p = &p, .text = "held" };
    completion_init(&w.done);
    KT_ASSERT(t, thread_create_kernel(kernel_process, tty_writer_main, &w, THREAD_PRIORITY_NORMAL, "tty-writer"));
    thread_sleep_ns(30 * MS);
    KT_CHECK_EQ(t, w.done.done, 0);
    KT_CHECK_EQ(t, tty_screen(&p, screen, sizeof(screen)), -EAGAIN);
    tty_type(&p, "\x11");       /* ^Q */
    KT_ASSERT(t, completion_wait(&w.done, 1, 5000 * MS) == 0);
    KT_CHECK_EQ(t, w.result, 4);
    tty_screen(&p, screen, sizeof(screen));
    KT_CHECK_STR(t, screen, "held");
    tty_pair_close(&p);
}
