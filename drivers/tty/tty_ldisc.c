/* The line discipline: what happens to each byte typed (signals, editing,
 * echo, canonical lines) and to each byte written (OPOST). read(2) and
 * write(2) on top of it are in tty_read_write.c. */
#include "drivers/tty/tty.h"
#include "kernel/api/signal.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include <string.h>

#define TAB_WIDTH       8
#define ERASE_STEPS_MAX 16      /* a safety bound on backspaces per erased byte */

static bool lflag(const struct tty *tty, tcflag_t f) { return (tty->termios.c_lflag & f) != 0; }
static bool iflag(const struct tty *tty, tcflag_t f) { return (tty->termios.c_iflag & f) != 0; }
static bool oflag(const struct tty *tty, tcflag_t f) { return (tty->termios.c_oflag & f) != 0; }

/* A control character of c_cc matches only when enabled (0 disables it). */
static bool is_cc(const struct tty *tty, int index, unsigned char c)
{
    cc_t v = tty->termios.c_cc[index];
    return v != 0 && v == c;
}

static bool is_control(unsigned char c) { return c < 32 || c == 0177; }

/* ---- output ----------------------------------------------------------------- */

/* The bytes one output byte becomes and the column after them. */
static size_t opost_expand(const struct tty *tty, unsigned char c, char out[2], unsigned *column)
{
    unsigned col = *column;
    if (oflag(tty, OPOST)) {
        if (oflag(tty, OLCUC) && c >= 'a' && c <= 'z')
            c = (unsigned char)(c - 'a' + 'A');
        if (c == '\n' && oflag(tty, ONLCR)) {
            out[0] = '\r', out[1] = '\n';
            *column = 0;
            return 2;
        }
        if (c == '\r' && oflag(tty, ONOCR) && col == 0)
            return 0;
        if (c == '\r' && oflag(tty, OCRNL)) {
            c = '\n';
            if (oflag(tty, ONLRET))
                col = 0;
            out[0] = (char)c;
            *column = col;
            return 1;
        }
        if (c == '\n' && oflag(tty, ONLRET))
            col = 0;
    }
    switch (c) {
    case '\r': col = 0; break;
    case '\t': col = (col | (TAB_WIDTH - 1)) + 1; break;
    case '\b': if (col > 0) col--; break;
    default: if (!is_control(c)) col++; break;
    }
    out[0] = (char)c;
    *column = col;
    return 1;
}

size_t tty_output_locked(struct tty *tty, const char *s, size_t n)
{
    ASSERT_HELD(&tty->lock);
    size_t room = tty->driver->output_room ? tty->driver->output_room(tty) : (size_t)-1;
    char batch[64];
    size_t batched = 0, i;
    for (i = 0; i < n; i++) {
        char seq[2];
        unsigned col = tty->column;
        size_t len = opost_expand(tty, (unsigned char)s[i], seq, &col);
        if (len > room)
            break;
        if (batched + len > sizeof(batch)) {
            tty->driver->output(tty, batch, batched);
            batched = 0;
        }
        memcpy(batch + batched, seq, len);
        batched += len;
        room -= len;
        tty->column = col;
    }
    if (batched)
        tty->driver->output(tty, batch, batched);
    return i;
}

static void echo_bytes(struct tty *tty, const char *s, size_t n)
{
    /* Echo that does not fit (a full pty master) is lost, as on a real line. */
    tty_output_locked(tty, s, n);
}

/* Echo of one input byte: control characters as ^X with ECHOCTL. */
static void echo_char(struct tty *tty, unsigned char c)
{
    if (lflag(tty, ECHOCTL) && is_control(c) && c != '\t' && c != '\n') {
        char caret[2] = { '^', (char)(c ^ 0100) };
        echo_bytes(tty, caret, 2);
    } else {
        echo_bytes(tty, (const char *)&c, 1);
    }
}

/* ---- input buffer ------------------------------------------------------------ */

bool tty_input_readable_locked(const struct tty *tty)
{
    ASSERT_HELD(&tty->lock);
    if (lflag(tty, ICANON))
        return tty->lines_count > 0;
    return tty->input_count > 0;
}

size_t tty_input_bytes_locked(const struct tty *tty)
{
    ASSERT_HELD(&tty->lock);
    return tty->input_count;
}

bool tty_input_has_room(const struct tty *tty)
{
    if (tty->termios.c_lflag & ICANON)
        return tty->lines_count < TTY_LINES_MAX && tty->input_count + tty->line_len < TTY_INPUT_SIZE;
    return tty->input_count < TTY_INPUT_SIZE;
}

/* tty->lock held, as for every helper below that changes the input. */
static void input_append(struct tty *tty, const char *s, size_t n)
{
    ASSERT_HELD(&tty->lock);
    ASSERT(tty->input_count + n <= TTY_INPUT_SIZE);
    for (size_t i = 0; i < n; i++)
        tty->input[(tty->input_head + tty->input_count + i) % TTY_INPUT_SIZE] = s[i];
    tty->input_count += n;
}

/* Takes up to n bytes from the front of the input ring. */
static void input_take(struct tty *tty, char *dst, size_t n)
{
    ASSERT_HELD(&tty->lock);
    ASSERT(n <= tty->input_count);
    for (size_t i = 0; i < n; i++)
        dst[i] = tty->input[(tty->input_head + i) % TTY_INPUT_SIZE];
    tty->input_head = (tty->input_head + n) % TTY_INPUT_SIZE;
    tty->input_count -= n;
}

static void lines_push(struct tty *tty, size_t len)
{
    ASSERT(tty->lines_count < TTY_LINES_MAX);
    tty->lines[(tty->lines_head + tty->lines_count) % TTY_LINES_MAX] = (uint16_t)len;
    tty->lines_count++;
}

static void lines_pop(struct tty *tty)
{
    ASSERT(tty->lines_count > 0);
    tty->lines_head = (tty->lines_head + 1) % TTY_LINES_MAX;
    tty->lines_count--;
}

void tty_flush_input_locked(struct tty *tty)
{
    ASSERT_HELD(&tty->lock);
    tty->input_head = tty->input_count = 0;
    tty->lines_head = tty->lines_count = 0;
    tty->line_len = 0;
    tty->literal_next = false;
}

/* A completed canonical line needs a slot and room for itself plus its
 * terminator (if it has one). */
static bool canon_can_commit(const struct tty *tty, size_t extra)
{
    return tty->lines_count < TTY_LINES_MAX && tty->input_count + tty->line_len + extra <= TTY_INPUT_SIZE;
}

static void canon_commit(struct tty *tty, const char *terminator)
{
    size_t len = tty->line_len + (terminator ? 1 : 0);
    input_append(tty, tty->line, tty->line_len);
    if (terminator)
        input_append(tty, terminator, 1);
    lines_push(tty, len);
    tty->line_len = 0;
}

void tty_set_termios_locked(struct tty *tty, const struct termios *t)
{
    ASSERT_HELD(&tty->lock);
    bool was_canon = lflag(tty, ICANON);
    tty->termios = *t;
    bool canon = lflag(tty, ICANON);
    if (was_canon && !canon) {
        /* The line being edited becomes input as it is. */
        size_t room = TTY_INPUT_SIZE - tty->input_count;
        input_append(tty, tty->line, tty->line_len < room ? tty->line_len : room);
        tty->line_len = 0;
        tty->lines_head = tty->lines_count = 0;
    } else if (!was_canon && canon) {
        /* Raw input not yet read becomes one line, so nothing is lost or
         * held back waiting for a newline already typed. */
        tty->lines_head = tty->lines_count = 0;
        tty->line_len = 0;
        if (tty->input_count)
            lines_push(tty, tty->input_count);
    }
    if (!iflag(tty, IXON))
        tty->output_stopped = false;
}

/* ---- editing ------------------------------------------------------------------ */

/* The column after echoing the first `len` bytes of the line. */
static unsigned line_column(const struct tty *tty, size_t len)
{
    unsigned col = tty->line_start_column;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)tty->line[i];
        if (c == '\t')
            col = (col | (TAB_WIDTH - 1)) + 1;
        else if (is_control(c))
            col += lflag(tty, ECHOCTL) ? 2 : 0;
        else
            col++;
    }
    return col;
}

/* Removes the last byte of the line, and its echo from the screen. */
static void erase_one(struct tty *tty, bool visual)
{
    ASSERT(tty->line_len > 0);
    unsigned char c = (unsigned char)tty->line[--tty->line_len];
    if (!lflag(tty, ECHO))
        return;
    if (!visual) {
        echo_char(tty, tty->termios.c_cc[VERASE]);
        return;
    }
    unsigned target = line_column(tty, tty->line_len);
    for (int steps = 0; tty->column > target && steps < ERASE_STEPS_MAX; steps++) {
        if (c == '\t')
            echo_bytes(tty, "\b", 1);       /* a tab left blanks, nothing to wipe */
        else
            echo_bytes(tty, "\b \b", 3);
    }
}

static bool is_word_space(unsigned char c) { return c == ' ' || c == '\t'; }

static void erase_word(struct tty *tty)
{
    bool visual = lflag(tty, ECHOE);
    while (tty->line_len > 0 && is_word_space((unsigned char)tty->line[tty->line_len - 1]))
        erase_one(tty, visual);
    while (tty->line_len > 0 && !is_word_space((unsigned char)tty->line[tty->line_len - 1]))
        erase_one(tty, visual);
}

static void kill_line(struct tty *tty)
{
    if (!lflag(tty, ECHO)) {
        tty->line_len = 0;
        return;
    }
    if (lflag(tty, ECHOKE) && lflag(tty, ECHOE)) {
        while (tty->line_len > 0)
            erase_one(tty, true);
        return;
    }
    tty->line_len = 0;
    echo_char(tty, tty->termios.c_cc[VKILL]);
    if (lflag(tty, ECHOK))
        echo_bytes(tty, "\n", 1);
}

static void reprint_line(struct tty *tty)
{
    if (!lflag(tty, ECHO))
        return;
    echo_char(tty, tty->termios.c_cc[VREPRINT]);
    echo_bytes(tty, "\n", 1);
    tty->line_start_column = tty->column;
    for (size_t i = 0; i < tty->line_len; i++)
        echo_char(tty, (unsigned char)tty->line[i]);
}

/* Echo of a byte that joins the edited line; the first one fixes where
 * the line starts on the screen. */
static void echo_line_byte(struct tty *tty, unsigned char c)
{
    if (tty->line_len == 1)
        tty->line_start_column = tty->column;
    if (lflag(tty, ECHO))
        echo_char(tty, c);
}

/* ---- input --------------------------------------------------------------------- */

enum input_result { INPUT_TAKEN, INPUT_FULL };

/* One input byte in canonical mode, after signals and flow control. */
static enum input_result canon_input(struct tty *tty, unsigned char c, bool literal)
{
    bool iexten = lflag(tty, IEXTEN);
    if (!literal) {
        if (is_cc(tty, VERASE, c) || (c == '\b' && tty->termios.c_cc[VERASE] == 0177)) {
            /* Backspace erases too when ERASE is DEL: keyboards differ. */
            if (tty->line_len > 0)
                erase_one(tty, lflag(tty, ECHOE));
            return INPUT_TAKEN;
        }
        if (iexten && is_cc(tty, VWERASE, c)) {
            erase_word(tty);
            return INPUT_TAKEN;
        }
        if (is_cc(tty, VKILL, c)) {
            kill_line(tty);
            return INPUT_TAKEN;
        }
        if (iexten && is_cc(tty, VREPRINT, c)) {
            reprint_line(tty);
            return INPUT_TAKEN;
        }
        if (iexten && is_cc(tty, VLNEXT, c)) {
            tty->literal_next = true;
            if (lflag(tty, ECHO) && lflag(tty, ECHOCTL))
                echo_bytes(tty, "^\b", 2);
            return INPUT_TAKEN;
        }
        if (is_cc(tty, VEOF, c)) {
            if (!canon_can_commit(tty, 0))
                return INPUT_FULL;
            canon_commit(tty, NULL);
            return INPUT_TAKEN;
        }
        if (c == '\n' || is_cc(tty, VEOL, c) || is_cc(tty, VEOL2, c)) {
            if (!canon_can_commit(tty, 1))
                return INPUT_FULL;
            if (lflag(tty, ECHO) || (c == '\n' && lflag(tty, ECHONL)))
                echo_char(tty, c);
            char term = (char)c;
            canon_commit(tty, &term);
            return INPUT_TAKEN;
        }
    }
    /* An ordinary byte; one that does not fit is dropped (still taken, so
     * a writer is never stuck behind a line nobody can finish). */
    if (tty->line_len < TTY_LINE_MAX && canon_can_commit(tty, 2)) {
        tty->line[tty->line_len++] = (char)c;
        echo_line_byte(tty, c);
    }
    return INPUT_TAKEN;
}

struct receive_state {
    int signal;     /* to send to fg once the lock is dropped, or 0 */
    int fg_pgrp;
    bool readable, room_freed, restarted;
};

static bool input_signal(struct tty *tty, unsigned char c, struct receive_state *st)
{
    int sig = 0;
    if (is_cc(tty, VINTR, c))
        sig = SIGINT;
    else if (is_cc(tty, VQUIT, c))
        sig = SIGQUIT;
    else if (is_cc(tty, VSUSP, c))
        sig = SIGTSTP;
    if (!sig)
        return false;
    if (!lflag(tty, NOFLSH)) {
        tty_flush_input_locked(tty);
        st->room_freed = true;
    }
    if (lflag(tty, ECHO))
        echo_char(tty, c);
    /* Only one signal is sent per batch: the last one typed. */
    st->signal = sig;
    st->fg_pgrp = tty->fg_pgrp;
    return true;
}

/* One input byte; tty->lock held. */
static enum input_result receive_byte(struct tty *tty, unsigned char c, struct receive_state *st)
{
    ASSERT_HELD(&tty->lock);
    if (iflag(tty, ISTRIP))
        c &= 0x7f;
    bool literal = tty->literal_next;
    tty->literal_next = false;
    if (!literal) {
        if (c == '\r') {
            if (iflag(tty, IGNCR))
                return INPUT_TAKEN;
            if (iflag(tty, ICRNL))
                c = '\n';
        } else if (c == '\n' && iflag(tty, INLCR)) {
            c = '\r';
        }
        if (iflag(tty, IUCLC) && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (iflag(tty, IXON)) {
            if (is_cc(tty, VSTOP, c)) {
                tty->output_stopped = true;
                return INPUT_TAKEN;
            }
            if (is_cc(tty, VSTART, c) || (tty->output_stopped && iflag(tty, IXANY))) {
                tty->output_stopped = false;
                st->restarted = true;
                if (is_cc(tty, VSTART, c))
                    return INPUT_TAKEN;
            }
        }
        if (lflag(tty, ISIG) && input_signal(tty, c, st))
            return INPUT_TAKEN;
    }
    if (lflag(tty, ICANON)) {
        unsigned before = tty->lines_count;
        enum input_result r = canon_input(tty, c, literal);
        if (tty->lines_count != before)
            st->readable = true;
        return r;
    }
    if (!literal && lflag(tty, IEXTEN) && is_cc(tty, VLNEXT, c)) {
        tty->literal_next = true;
        return INPUT_TAKEN;
    }
    if (tty->input_count >= TTY_INPUT_SIZE)
        return INPUT_FULL;
    char b = (char)c;
    input_append(tty, &b, 1);
    st->readable = true;
    if (lflag(tty, ECHO) || (c == '\n' && lflag(tty, ECHONL)))
        echo_char(tty, c);
    return INPUT_TAKEN;
}

size_t tty_receive(struct tty *tty, const char *s, size_t n)
{
    struct receive_state st = { 0 };
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    size_t i = 0;
    if (tty->termios.c_cflag & CREAD) {
        for (; i < n; i++)
            if (receive_byte(tty, (unsigned char)s[i], &st) == INPUT_FULL)
                break;
    } else {
        i = n;      /* the receiver is off: input is thrown away */
    }
    spin_unlock_irqrestore(&tty->lock, fl);
    if (st.readable)
        wait_queue_wake_all(&tty->read_wq);
    if (st.restarted)
        wait_queue_wake_all(&tty->write_wq);
    if (st.room_freed)
        wait_queue_wake_all(&tty->input_room_wq);
    if (st.signal && st.fg_pgrp > 0)
        tty_signal_group(st.fg_pgrp, st.signal);
    return i;
}

/* ---- taking input ---------------------------------------------------------------- */

size_t tty_take_input_locked(struct tty *tty, char *dst, size_t max, bool *line_done)
{
    ASSERT_HELD(&tty->lock);
    *line_done = false;
    if (!lflag(tty, ICANON)) {
        size_t n = tty->input_count < max ? tty->input_count : max;
        input_take(tty, dst, n);
        return n;
    }
    if (tty->lines_count == 0)
        return 0;
    size_t left = tty->lines[tty->lines_head];
    size_t n = left < max ? left : max;
    input_take(tty, dst, n);
    tty->lines[tty->lines_head] = (uint16_t)(left - n);
    if (left == n) {
        lines_pop(tty);
        *line_done = true;
    }
    return n;
}
