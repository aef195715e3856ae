/* Interactive line editing on a VT100-style terminal: the terminal goes to
 * raw mode while a line is typed so that every key arrives at once; the
 * line is redrawn after each change (carriage return, prompt, text, erase
 * to end of line, cursor back). History lives in memory. */
#include "sh.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#define HISTORY_MAX 200

static char *history[HISTORY_MAX];
static int history_len;

void sh_history_add(const char *line)
{
    if (!*line || strspn(line, " \t") == strlen(line))
        return;
    if (history_len > 0 && strcmp(history[history_len - 1], line) == 0)
        return;
    char *copy = sh_strdup(line);
    if (!copy)
        return;
    if (history_len == HISTORY_MAX) {
        free(history[0]);
        memmove(history, history + 1, sizeof(history[0]) * (HISTORY_MAX - 1));
        history_len--;
    }
    history[history_len++] = copy;
}

void sh_history_print(void)
{
    for (int i = 0; i < history_len; i++)
        dprintf(1, "%5d  %s\n", i + 1, history[i]);
}

struct edit {
    char *buf;
    size_t len, cap, pos;
    const char *prompt;
};

static void out(const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        s += w;
        n -= (size_t)w;
    }
}

static void outs(const char *s)
{
    out(s, strlen(s));
}

static void redraw(struct edit *e)
{
    char seq[32];
    outs("\r");
    outs(e->prompt);
    out(e->buf, e->len);
    outs("\x1b[K");
    if (e->len > e->pos) {
        snprintf(seq, sizeof(seq), "\x1b[%zuD", e->len - e->pos);
        outs(seq);
    }
}

static bool ensure(struct edit *e, size_t extra)
{
    if (e->len + extra + 1 <= e->cap)
        return true;
    size_t cap = (e->len + extra + 1) * 2;
    char *b = realloc(e->buf, cap);
    if (!b)
        return false;
    e->buf = b;
    e->cap = cap;
    return true;
}

static void insert(struct edit *e, char c)
{
    if (!ensure(e, 1))
        return;
    memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
    e->buf[e->pos++] = c;
    e->len++;
    if (e->pos == e->len) {
        out(&c, 1); /* the common case needs no redraw */
        return;
    }
    redraw(e);
}

static void set_text(struct edit *e, const char *s)
{
    size_t n = strlen(s);
    e->len = 0;
    if (!ensure(e, n))
        return;
    memcpy(e->buf, s, n);
    e->len = e->pos = n;
    redraw(e);
}

static void delete_range(struct edit *e, size_t from, size_t to)
{
    memmove(e->buf + from, e->buf + to, e->len - to);
    e->len -= to - from;
    e->pos = from;
    redraw(e);
}

static int read_key(void)
{
    unsigned char c;
    for (;;) {
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n == 1)
            return c;
        if (n < 0 && errno == EINTR)
            continue;
        return -1;
    }
}

enum { KEY_UP = 1000, KEY_DOWN, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_DEL, KEY_NONE };

/* After ESC: decodes CSI and SS3 sequences for arrows, Home, End, Delete. */
static int read_escape(void)
{
    int c = read_key();
    if (c != '[' && c != 'O')
        return KEY_NONE;
    int num = 0;
    for (;;) {
        c = read_key();
        if (c < 0)
            return KEY_NONE;
        if (c >= '0' && c <= '9') {
            num = num * 10 + (c - '0');
            continue;
        }
        if (c == ';')
            continue;
        break;
    }
    switch (c) {
    case 'A': return KEY_UP;
    case 'B': return KEY_DOWN;
    case 'C': return KEY_RIGHT;
    case 'D': return KEY_LEFT;
    case 'H': return KEY_HOME;
    case 'F': return KEY_END;
    case '~':
        if (num == 1 || num == 7)
            return KEY_HOME;
        if (num == 4 || num == 8)
            return KEY_END;
        if (num == 3)
            return KEY_DEL;
        return KEY_NONE;
    default:
        return KEY_NONE;
    }
}

/* Reads a line without editing when the terminal cannot be put in raw
 * mode (or is not a terminal at all). */
static char *read_plain(const char *prompt)
{
    if (prompt)
        outs(prompt);
    size_t cap = 128, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    for (;;) {
        int c = read_key();
        if (c < 0) {
            if (len == 0) {
                free(buf);
                return NULL;
            }
            break;
        }
        if (c == '\n')
            break;
        if (len + 2 > cap) {
            cap *= 2;
            char *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                return NULL;
            }
            buf = b;
        }
        buf[len++] = (char)c;
    }
    buf[len] = 0;
    return buf;
}

char *sh_lineedit_read(const char *prompt)
{
    struct termios saved, raw;
    if (tcgetattr(STDIN_FILENO, &saved) < 0)
        return read_plain(prompt);
    raw = saved;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) < 0)
        return read_plain(prompt);

    struct edit e = { .prompt = prompt };
    e.cap = 128;
    e.buf = malloc(e.cap);
    int hist_pos = history_len;     /* history_len: the line being typed */
    char *typed = NULL;             /* that line, while browsing history */
    bool eof = false;
    outs(prompt);
    while (e.buf) {
        int c = read_key();
        if (c < 0) {
            eof = e.len == 0;
            break;
        }
        if (c == '\r' || c == '\n') {
            break;
        } else if (c == 4) { /* ^D */
            if (e.len == 0) {
                eof = true;
                break;
            }
            if (e.pos < e.len)
                delete_range(&e, e.pos, e.pos + 1);
        } else if (c == 3) { /* ^C: abandon the line */
            outs("^C\r\n");
            e.len = e.pos = 0;
            hist_pos = history_len;
            outs(prompt);
        } else if (c == 127 || c == 8) {
            if (e.pos > 0)
                delete_range(&e, e.pos - 1, e.pos);
        } else if (c == 1) { /* ^A */
            e.pos = 0;
            redraw(&e);
        } else if (c == 5) { /* ^E */
            e.pos = e.len;
            redraw(&e);
        } else if (c == 2) { /* ^B */
            if (e.pos > 0)
                e.pos--, redraw(&e);
        } else if (c == 6) { /* ^F */
            if (e.pos < e.len)
                e.pos++, redraw(&e);
        } else if (c == 21) { /* ^U: erase to the start */
            delete_range(&e, 0, e.pos);
        } else if (c == 11) { /* ^K: erase to the end */
            e.len = e.pos;
            redraw(&e);
        } else if (c == 23) { /* ^W: erase the word before the cursor */
            size_t p = e.pos;
            while (p > 0 && e.buf[p - 1] == ' ')
                p--;
            while (p > 0 && e.buf[p - 1] != ' ')
                p--;
            delete_range(&e, p, e.pos);
        } else if (c == 12) { /* ^L */
            outs("\x1b[H\x1b[2J");
            redraw(&e);
        } else if (c == 27) {
            int k = read_escape();
            if (k == KEY_LEFT && e.pos > 0) {
                e.pos--;
                outs("\x1b[D");
            } else if (k == KEY_RIGHT && e.pos < e.len) {
                e.pos++;
                outs("\x1b[C");
            } else if (k == KEY_HOME) {
                e.pos = 0;
                redraw(&e);
            } else if (k == KEY_END) {
                e.pos = e.len;
                redraw(&e);
            } else if (k == KEY_DEL && e.pos < e.len) {
                delete_range(&e, e.pos, e.pos + 1);
            } else if (k == KEY_UP && hist_pos > 0) {
                if (hist_pos == history_len) {
                    free(typed);
                    e.buf[e.len] = 0;
                    typed = sh_strdup(e.buf);
                }
                set_text(&e, history[--hist_pos]);
            } else if (k == KEY_DOWN && hist_pos < history_len) {
                hist_pos++;
                set_text(&e, hist_pos == history_len ? (typed ? typed : "") : history[hist_pos]);
            }
        } else if (c >= 32 || c == '\t') {
            insert(&e, (char)c);
        }
    }
    outs("\r\n");
    tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
    free(typed);
    if (!e.buf)
        return NULL;
    if (eof) {
        free(e.buf);
        return NULL;
    }
    e.buf[e.len] = 0;
    return e.buf;
}
