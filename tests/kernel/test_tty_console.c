/* The console side: the keyboard decoder, the VGA screens' escape
 * sequences, the virtual console and serial terminals as files, and dmesg. */
#include "drivers/tty/tty_drivers.h"
#include "drivers/vga_text.h"
#include "kernel/printk.h"
#include "tests/kernel/tty_job_test.h"

/* ---- keyboard -------------------------------------------------------------------- */

static char kbd_out[64];
static size_t kbd_len;
static int kbd_switched;

static void kbd_capture(const char *s, size_t n)
{
    for (size_t i = 0; i < n && kbd_len < sizeof(kbd_out) - 1; i++)
        kbd_out[kbd_len++] = s[i];
    kbd_out[kbd_len] = 0;
}

static void kbd_switch(unsigned index) { kbd_switched = (int)index; }

/* Feeds scancodes to a fresh decoder; returns what it typed. */
static const char *kbd_run(struct keyboard_state *k, const unsigned char *codes, size_t n)
{
    kbd_len = 0;
    kbd_out[0] = 0;
    for (size_t i = 0; i < n; i++)
        keyboard_decode(k, codes[i]);
    return kbd_out;
}

#define KBD(k, ...) kbd_run((k), (const unsigned char[]){ __VA_ARGS__ }, sizeof((const unsigned char[]){ __VA_ARGS__ }))

KTEST(tty_console, keyboard_decodes_scancode_set_1)
{
    struct keyboard_state k = { .input = kbd_capture, .switch_console = kbd_switch };
    KT_CHECK_STR(t, KBD(&k, 0x1E, 0x9E, 0x30, 0xB0), "ab");               /* releases type nothing */
    KT_CHECK_STR(t, KBD(&k, 0x2A, 0x23, 0xAA, 0x17, 0x36, 0x02, 0xB6), "Hi!");
    KT_CHECK_STR(t, KBD(&k, 0x3A, 0xBA, 0x1E, 0x2A, 0x1E, 0xAA, 0x02, 0x3A, 0xBA, 0x1E), "Aa1a");
    KT_CHECK_STR(t, KBD(&k, 0x1D, 0x2E, 0x9D, 0xE0, 0x1D, 0x20, 0xE0, 0x9D, 0x2E), "\x03\x04" "c");
    KT_CHECK_STR(t, KBD(&k, 0x38, 0x2D, 0xB8), "\x1bx");                  /* alt is meta */
    KT_CHECK_STR(t, KBD(&k, 0xE0, 0x48, 0xE0, 0xC8, 0xE0, 0x4B, 0xE0, 0x53), "\x1b[A\x1b[D\x1b[3~");
    KT_CHECK_STR(t, KBD(&k, 0x1C, 0x0E, 0x0F, 0x47, 0x39, 0x01), "\r\x7f\t7 \x1b");
    KT_CHECK_STR(t, KBD(&k, 0x3B), "\x1bOP");
    KT_CHECK_STR(t, KBD(&k, 0xE1, 0x1D, 0x45, 0xE1, 0x9D, 0xC5, 0x10), "q");  /* Pause is skipped */
    kbd_switched = -1;
    KT_CHECK_STR(t, KBD(&k, 0x38, 0x3C, 0xBC, 0xB8), "");
    KT_CHECK_EQ(t, kbd_switched, 1);
    KT_CHECK(t, !k.alt && !k.ctrl && !k.shift_left && !k.shift_right && !k.caps_lock);
}

/* ---- VGA screens ------------------------------------------------------------------- */

#define TEST_SCREEN (VGA_TEXT_SCREENS - 1)

static void vga_put(const char *s) { vga_text_write_screen(TEST_SCREEN, s, strlen(s)); }
static char vga_char(unsigned row, unsigned col) { return (char)(vga_text_cell(TEST_SCREEN, row, col) & 0xFF); }
static unsigned vga_attr(unsigned row, unsigned col) { return vga_text_cell(TEST_SCREEN, row, col) >> 8; }

KTEST(tty_console, vga_escape_sequences)
{
    KT_ASSERT(t, vga_text_shown() != TEST_SCREEN);
    unsigned row, col;
    vga_put("\x1b" "cAB");
    KT_CHECK_EQ(t, vga_char(0, 0), 'A');
    KT_CHECK_EQ(t, vga_char(0, 1), 'B');
    KT_CHECK_EQ(t, vga_attr(0, 0), 0x07);
    vga_text_cursor(TEST_SCREEN, &row, &col);
    KT_CHECK(t, row == 0 && col == 2);

    vga_put("\x1b[3;5HX\x1b[31mR\x1b[1;44mB\x1b[0mn");
    KT_CHECK_EQ(t, vga_char(2, 4), 'X');
    KT_CHECK_EQ(t, vga_attr(2, 5), 0x04);      /* red */
    KT_CHECK_EQ(t, vga_attr(2, 6), 0x1C);      /* bright red on blue */
    KT_CHECK_EQ(t, vga_attr(2, 7), 0x07);
    vga_put("\x1b[3;6H\x1b[K");
    KT_CHECK_EQ(t, vga_char(2, 4), 'X');
    KT_CHECK_EQ(t, vga_char(2, 5), ' ');

    /* Cursor movement, tabs, backspace. */
    vga_put("\x1b[5;10H\x1b[2A\x1b[3D" "c\r\tT\bU");
    KT_CHECK_EQ(t, vga_char(2, 6), 'c');
    KT_CHECK_EQ(t, vga_char(2, 8), 'U');

    /* Deleting and inserting characters. */
    vga_put("\x1b[7;1HABC\x1b[7;1H\x1b[P");
    KT_CHECK_EQ(t, vga_char(6, 0), 'B');
    KT_CHECK_EQ(t, vga_char(6, 1), 'C');
    vga_put("\x1b[2@");
    KT_CHECK_EQ(t, vga_char(6, 0), ' ');
    KT_CHECK_EQ(t, vga_char(6, 2), 'B');

    /* The last column wraps only when the next character comes. */
    vga_put("\x1b[1;80HY");
    vga_text_cursor(TEST_SCREEN, &row, &col);
    KT_CHECK(t, row == 0 && col == 79);
    vga_put("Z");
    KT_CHECK_EQ(t, vga_char(0, 79), 'Y');
    KT_CHECK_EQ(t, vga_char(1, 0), 'Z');

    /* A newline on the last row scrolls everything up. */
    vga_put("\x1b[25;1HL\n");
    KT_CHECK_EQ(t, vga_char(0, 0), 'Z');
    KT_CHECK_EQ(t, vga_char(23, 0), 'L');
    KT_CHECK_EQ(t, vga_char(24, 0), ' ');
    vga_put("\x1b[2J");
    KT_CHECK_EQ(t, vga_char(0, 0), ' ');
    KT_CHECK_EQ(t, vga_char(23, 0), ' ');
    vga_put("\x1b" "c");
}

KTEST(tty_console, virtual_console_is_a_terminal_on_its_screen)
{
    char path[16];
    snprintf(path, sizeof(path), "/dev/tty%u", TEST_SCREEN + 1);
    struct file *f;
    KT_ASSERT(t, tty_test_open(path, O_RDWR | O_NOCTTY, &f) == 0);
    vga_put("\x1b" "c");
    struct io_buffer io = io_buffer_kernel("hi\nyo");
    KT_CHECK_EQ(t, file_write(f, &io, 5), 5);
    KT_CHECK_EQ(t, vga_char(0, 0), 'h');
    KT_CHECK_EQ(t, vga_char(1, 0), 'y');       /* ONLCR: back to column 0 */
    struct winsize ws;
    KT_CHECK_EQ(t, tty_ioctl_kernel(f, TIOCGWINSZ, &ws), 0);
    KT_CHECK(t, ws.ws_row == VGA_TEXT_ROWS && ws.ws_col == VGA_TEXT_COLS);
    file_put(f);
    vga_put("\x1b" "c");
}

KTEST(tty_console, console_is_the_serial_terminal_and_reads)
{
    struct file *console, *serial;
    KT_ASSERT(t, tty_test_open("/dev/console", O_RDWR | O_NOCTTY, &console) == 0);
    KT_ASSERT(t, tty_test_open("/dev/ttyS0", O_RDWR | O_NOCTTY, &serial) == 0);
    struct tty *tty = tty_from_file(console);
    KT_CHECK(t, tty && tty == tty_from_file(serial));
    /* Input stuffed in (TIOCSTI) as if typed on the line; echo is off so
     * that nothing lands in the test report. */
    struct termios saved, quiet;
    KT_ASSERT(t, tty_ioctl_kernel(console, TCGETS, &saved) == 0);
    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    KT_ASSERT(t, tty_ioctl_kernel(console, TCSETSF, &quiet) == 0);
    for (const char *s = "hi\r"; *s; s++)
        KT_CHECK_EQ(t, tty_ioctl_kernel(serial, TIOCSTI, (void *)s), 0);
    char buf[8];
    struct io_buffer io = io_buffer_kernel(buf);
    file_set_flags(console, O_NONBLOCK);
    KT_CHECK_EQ(t, file_read(console, &io, sizeof(buf)), 3);
    KT_CHECK(t, memcmp(buf, "hi\n", 3) == 0);
    KT_CHECK_EQ(t, file_read(console, &io, sizeof(buf)), -EAGAIN);
    KT_CHECK_EQ(t, tty_ioctl_kernel(console, TCSETSF, &saved), 0);
    file_put(serial);
    file_put(console);
}

/* ---- dmesg ------------------------------------------------------------------------ */

/* dmesg(buf, len) into the stack (or at addr when not 0), exit(result). */
static int run_dmesg(uint32_t addr, uint32_t len)
{
    struct tiny_code c = { .len = 0 };
    job_emit(&c, (const unsigned char[]){ 0x81, 0xEC, 0x00, 0x01, 0x00, 0x00 }, 6);  /* sub esp, 256 */
    if (addr)
        tiny_mov_ebx(&c, addr);
    else
        job_emit(&c, (const unsigned char[]){ 0x89, 0xE3 }, 2);                     /* mov ebx, esp */
    tiny_mov_ecx(&c, len);
    tiny_syscall(&c, SYS_dmesg);
    /* With one byte asked for, exit with that byte; else with the count. */
    if (len == 1)
        job_emit(&c, (const unsigned char[]){ 0x0F, 0xB6, 0x1C, 0x24 }, 4);        /* movzx ebx, byte [esp] */
    else
        job_emit(&c, (const unsigned char[]){ 0x89, 0xC3 }, 2);                     /* mov ebx, eax */
    tiny_exit_ebx(&c);
    int status = -1;
    int pid = tiny_run(&c, &status);
    return pid > 0 ? status : pid;
}

KTEST(tty_console, dmesg_copies_the_newest_log)
{
    KT_CHECK_EQ(t, run_dmesg(0, 200), WAIT_STATUS_EXITED(200));
    KT_CHECK_EQ(t, run_dmesg(0, 0), WAIT_STATUS_EXITED(0));
    KT_CHECK_EQ(t, run_dmesg(0x10, 16), WAIT_STATUS_EXITED(-EFAULT));
    printk("# dmesg probe: the log ends with Z");
    KT_CHECK_EQ(t, run_dmesg(0, 1), WAIT_STATUS_EXITED('Z'));
    printk("\n");
}
