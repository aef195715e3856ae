/* VGA text mode: screens kept in memory while hidden, the hardware cursor,
 * scrolling, and the escape sequences terminals programs send. */
#include "drivers/vga_text.h"
#include "arch/x86/io.h"
#include "kernel/spinlock.h"
#include "mm/layout.h"
#include <string.h>

#define VGA_COLS        VGA_TEXT_COLS
#define VGA_ROWS        VGA_TEXT_ROWS
#define VGA_CELLS       (VGA_COLS * VGA_ROWS)
#define VGA_PHYS        0xB8000
#define CRTC_INDEX      0x3D4
#define CRTC_DATA       0x3D5
#define TAB_WIDTH       8
#define DEFAULT_ATTR    0x07    /* light grey on black */
#define ESC_PARAMS_MAX  8

enum esc_state { ESC_NONE, ESC_SEEN, ESC_CSI };

struct vga_screen {
    uint16_t saved[VGA_CELLS];      /* the contents while another screen is shown */
    unsigned row, col;
    bool wrap_pending;              /* the last column was written: wrap on the next byte */
    uint8_t attr, default_attr;
    bool reverse, bright;
    uint8_t fg, bg;
    unsigned saved_row, saved_col;
    enum esc_state esc;
    unsigned params[ESC_PARAMS_MAX];
    unsigned nparams;
    bool param_started;
};

static uint16_t *const vga_memory = (uint16_t *)(KERNEL_VIRT_BASE + VGA_PHYS);
/* Protects the screens, which one is shown, and the hardware. Printing
 * from interrupt handlers and threads goes through it. */
static struct spinlock vga_lock = SPINLOCK_INIT("vga");
static struct vga_screen vga_screens[VGA_TEXT_SCREENS];
static unsigned vga_shown_screen;

/* ANSI colour order to VGA colour numbers. */
static const uint8_t ansi_to_vga[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

static uint16_t *screen_cells(struct vga_screen *s)
{
    return s == &vga_screens[vga_shown_screen] ? vga_memory : s->saved;
}

static uint16_t blank_cell(const struct vga_screen *s) { return (uint16_t)' ' | ((uint16_t)s->attr << 8); }

static void hw_move_cursor(const struct vga_screen *s)
{
    uint16_t pos = (uint16_t)(s->row * VGA_COLS + (s->col < VGA_COLS ? s->col : VGA_COLS - 1));
    outb(CRTC_INDEX, 0x0F);
    outb(CRTC_DATA, pos & 0xFF);
    outb(CRTC_INDEX, 0x0E);
    outb(CRTC_DATA, pos >> 8);
}

static void fill(struct vga_screen *s, unsigned from, unsigned to)
{
    uint16_t *cells = screen_cells(s);
    for (unsigned i = from; i < to && i < VGA_CELLS; i++)
        cells[i] = blank_cell(s);
}

static void update_attr(struct vga_screen *s)
{
    uint8_t fg = s->fg | (s->bright ? 8 : 0), bg = s->bg;
    s->attr = s->reverse ? (uint8_t)((fg << 4) | (bg & 0x0F)) : (uint8_t)((bg << 4) | (fg & 0x0F));
}

static void screen_reset(struct vga_screen *s)
{
    s->fg = s->default_attr & 0x0F;
    s->bg = s->default_attr >> 4;
    s->bright = s->reverse = false;
    update_attr(s);
    s->row = s->col = 0;
    s->wrap_pending = false;
    s->esc = ESC_NONE;
    fill(s, 0, VGA_CELLS);
}

/* Scrolls rows [top, VGA_ROWS) up by one, blanking the last row. */
static void scroll_up(struct vga_screen *s, unsigned top)
{
    uint16_t *cells = screen_cells(s);
    memmove(cells + top * VGA_COLS, cells + (top + 1) * VGA_COLS, (VGA_ROWS - 1 - top) * VGA_COLS * sizeof(uint16_t));
    fill(s, (VGA_ROWS - 1) * VGA_COLS, VGA_CELLS);
}

static void scroll_down(struct vga_screen *s, unsigned top)
{
    uint16_t *cells = screen_cells(s);
    memmove(cells + (top + 1) * VGA_COLS, cells + top * VGA_COLS, (VGA_ROWS - 1 - top) * VGA_COLS * sizeof(uint16_t));
    fill(s, top * VGA_COLS, (top + 1) * VGA_COLS);
}

static void line_feed(struct vga_screen *s)
{
    if (++s->row < VGA_ROWS)
        return;
    s->row = VGA_ROWS - 1;
    scroll_up(s, 0);
}

static void put_printable(struct vga_screen *s, char c)
{
    if (s->wrap_pending) {
        s->col = 0;
        line_feed(s);
        s->wrap_pending = false;
    }
    screen_cells(s)[s->row * VGA_COLS + s->col] = (uint16_t)(uint8_t)c | ((uint16_t)s->attr << 8);
    if (s->col == VGA_COLS - 1)
        s->wrap_pending = true;     /* as a VT100: the cursor stays until the next byte */
    else
        s->col++;
}

static unsigned param(const struct vga_screen *s, unsigned i, unsigned dflt)
{
    return i < s->nparams && s->params[i] ? s->params[i] : dflt;
}

static unsigned clamp(unsigned v, unsigned max) { return v > max ? max : v; }

static void apply_sgr(struct vga_screen *s)
{
    if (s->nparams == 0)
        s->params[s->nparams++] = 0;
    for (unsigned i = 0; i < s->nparams; i++) {
        unsigned p = s->params[i];
        if (p == 0) {
            s->fg = s->default_attr & 0x0F;
            s->bg = s->default_attr >> 4;
            s->bright = s->reverse = false;
        } else if (p == 1) {
            s->bright = true;
        } else if (p == 22) {
            s->bright = false;
        } else if (p == 7) {
            s->reverse = true;
        } else if (p == 27) {
            s->reverse = false;
        } else if (p >= 30 && p <= 37) {
            s->fg = ansi_to_vga[p - 30];
        } else if (p == 39) {
            s->fg = s->default_attr & 0x0F;
        } else if (p >= 40 && p <= 47) {
            s->bg = ansi_to_vga[p - 40];
        } else if (p == 49) {
            s->bg = s->default_attr >> 4;
        } else if (p >= 90 && p <= 97) {
            s->fg = ansi_to_vga[p - 90] | 8;
        }
    }
    update_attr(s);
}

/* Inserts (n > 0) or deletes blank cells at the cursor within its row. */
static void shift_row(struct vga_screen *s, unsigned n, bool insert)
{
    uint16_t *row = screen_cells(s) + s->row * VGA_COLS;
    unsigned col = clamp(s->col, VGA_COLS - 1);
    n = clamp(n, VGA_COLS - col);
    if (insert) {
        memmove(row + col + n, row + col, (VGA_COLS - col - n) * sizeof(uint16_t));
        for (unsigned i = 0; i < n; i++)
            row[col + i] = blank_cell(s);
    } else {
        memmove(row + col, row + col + n, (VGA_COLS - col - n) * sizeof(uint16_t));
        for (unsigned i = VGA_COLS - n; i < VGA_COLS; i++)
            row[i] = blank_cell(s);
    }
}

static void csi_final(struct vga_screen *s, char c)
{
    unsigned here = s->row * VGA_COLS + clamp(s->col, VGA_COLS - 1);
    s->wrap_pending = false;
    switch (c) {
    case 'A': s->row = s->row >= param(s, 0, 1) ? s->row - param(s, 0, 1) : 0; break;
    case 'B': s->row = clamp(s->row + param(s, 0, 1), VGA_ROWS - 1); break;
    case 'C': s->col = clamp(s->col + param(s, 0, 1), VGA_COLS - 1); break;
    case 'D': s->col = s->col >= param(s, 0, 1) ? s->col - param(s, 0, 1) : 0; break;
    case 'G': s->col = clamp(param(s, 0, 1) - 1, VGA_COLS - 1); break;
    case 'd': s->row = clamp(param(s, 0, 1) - 1, VGA_ROWS - 1); break;
    case 'H':
    case 'f':
        s->row = clamp(param(s, 0, 1) - 1, VGA_ROWS - 1);
        s->col = clamp(param(s, 1, 1) - 1, VGA_COLS - 1);
        break;
    case 'J':
        switch (param(s, 0, 0)) {
        case 0: fill(s, here, VGA_CELLS); break;
        case 1: fill(s, 0, here + 1); break;
        default: fill(s, 0, VGA_CELLS); break;
        }
        break;
    case 'K': {
        unsigned start = s->row * VGA_COLS;
        switch (param(s, 0, 0)) {
        case 0: fill(s, here, start + VGA_COLS); break;
        case 1: fill(s, start, here + 1); break;
        default: fill(s, start, start + VGA_COLS); break;
        }
        break;
    }
    case '@': shift_row(s, param(s, 0, 1), true); break;
    case 'P': shift_row(s, param(s, 0, 1), false); break;
    case 'L':
        for (unsigned i = 0; i < clamp(param(s, 0, 1), VGA_ROWS); i++)
            scroll_down(s, s->row);
        break;
    case 'M':
        for (unsigned i = 0; i < clamp(param(s, 0, 1), VGA_ROWS); i++)
            scroll_up(s, s->row);
        break;
    case 'm': apply_sgr(s); break;
    case 's': s->saved_row = s->row, s->saved_col = s->col; break;
    case 'u': s->row = s->saved_row, s->col = s->saved_col; break;
    default: break;     /* modes (?25h and friends) and the rest are ignored */
    }
}

static void put_byte(struct vga_screen *s, char c)
{
    switch (s->esc) {
    case ESC_SEEN:
        s->esc = ESC_NONE;
        if (c == '[') {
            s->esc = ESC_CSI;
            s->nparams = 0;
            s->param_started = false;
            memset(s->params, 0, sizeof(s->params));
        } else if (c == '7') {
            s->saved_row = s->row, s->saved_col = s->col;
        } else if (c == '8') {
            s->row = s->saved_row, s->col = s->saved_col;
        } else if (c == 'c') {
            screen_reset(s);
        } else if (c == 'M') {
            if (s->row > 0)
                s->row--;
            else
                scroll_down(s, 0);
        } else if (c == 'D') {
            line_feed(s);
        }
        return;
    case ESC_CSI:
        if (c >= '0' && c <= '9') {
            if (!s->param_started) {
                s->param_started = true;
                if (s->nparams < ESC_PARAMS_MAX)
                    s->nparams++;
            }
            unsigned *p = &s->params[s->nparams - 1];
            if (*p < 10000)
                *p = *p * 10 + (unsigned)(c - '0');
        } else if (c == ';') {
            if (!s->param_started && s->nparams < ESC_PARAMS_MAX)
                s->nparams++;     /* an empty parameter */
            s->param_started = false;
        } else if (c >= 0x40 && c <= 0x7E) {
            s->esc = ESC_NONE;
            csi_final(s, c);
        } else if (c == 0x1B) {
            s->esc = ESC_SEEN;
        }
        /* '?' and other intermediates are skipped. */
        return;
    case ESC_NONE:
        break;
    }
    switch (c) {
    case 0x1B: s->esc = ESC_SEEN; break;
    case '\n': line_feed(s); s->wrap_pending = false; break;
    case '\r': s->col = 0; s->wrap_pending = false; break;
    case '\b':
        if (s->wrap_pending)
            s->wrap_pending = false;
        else if (s->col > 0)
            s->col--;
        break;
    case '\t':
        s->col = clamp((s->col | (TAB_WIDTH - 1)) + 1, VGA_COLS - 1);
        break;
    case '\a':
    case 0:
        break;
    default:
        put_printable(s, c);
    }
}

/* Takes vga_lock unless this CPU already holds it: a panic in the middle
 * of drawing must still be able to print. */
static irqflags_t vga_lock_take(bool *taken)
{
    irqflags_t fl = irq_save();
    *taken = !spin_is_held(&vga_lock);
    if (*taken)
        spin_lock_irqsave(&vga_lock);
    return fl;
}

static void vga_lock_drop(bool taken, irqflags_t fl)
{
    if (taken)
        spin_unlock_irqrestore(&vga_lock, 0);
    irq_restore(fl);
}

void vga_text_init(void)
{
    for (unsigned i = 0; i < VGA_TEXT_SCREENS; i++) {
        vga_screens[i].default_attr = DEFAULT_ATTR;
        screen_reset(&vga_screens[i]);
    }
    vga_shown_screen = 0;
    hw_move_cursor(&vga_screens[0]);
}

void vga_text_set_color(uint8_t fg, uint8_t bg)
{
    bool taken;
    irqflags_t fl = vga_lock_take(&taken);
    struct vga_screen *s = &vga_screens[0];
    s->default_attr = (uint8_t)((bg << 4) | (fg & 0x0F));
    s->fg = fg & 0x0F;
    s->bg = bg & 0x0F;
    update_attr(s);
    vga_lock_drop(taken, fl);
}

static void write_screen(unsigned screen, const char *str, size_t n, bool newline_is_crlf)
{
    if (screen >= VGA_TEXT_SCREENS)
        return;
    bool taken;
    irqflags_t fl = vga_lock_take(&taken);
    struct vga_screen *s = &vga_screens[screen];
    for (size_t i = 0; i < n; i++) {
        if (newline_is_crlf && str[i] == '\n' && s->esc == ESC_NONE)
            put_byte(s, '\r');
        put_byte(s, str[i]);
    }
    if (screen == vga_shown_screen)
        hw_move_cursor(s);
    vga_lock_drop(taken, fl);
}

/* A terminal's output: its own output processing already turned each
 * newline into what it should be. */
void vga_text_write_screen(unsigned screen, const char *s, size_t n) { write_screen(screen, s, n, false); }

/* Kernel messages are text: a newline starts a new line. */
void vga_text_write(const char *s, size_t n) { write_screen(0, s, n, true); }

void vga_text_show(unsigned screen)
{
    if (screen >= VGA_TEXT_SCREENS)
        return;
    bool taken;
    irqflags_t fl = vga_lock_take(&taken);
    if (screen != vga_shown_screen) {
        memcpy(vga_screens[vga_shown_screen].saved, vga_memory, sizeof(vga_screens[0].saved));
        memcpy(vga_memory, vga_screens[screen].saved, sizeof(vga_screens[0].saved));
        vga_shown_screen = screen;
        hw_move_cursor(&vga_screens[screen]);
    }
    vga_lock_drop(taken, fl);
}

unsigned vga_text_shown(void) { return __atomic_load_n(&vga_shown_screen, __ATOMIC_RELAXED); }

uint16_t vga_text_cell(unsigned screen, unsigned row, unsigned col)
{
    if (screen >= VGA_TEXT_SCREENS || row >= VGA_ROWS || col >= VGA_COLS)
        return 0;
    bool taken;
    irqflags_t fl = vga_lock_take(&taken);
    uint16_t cell = screen_cells(&vga_screens[screen])[row * VGA_COLS + col];
    vga_lock_drop(taken, fl);
    return cell;
}

void vga_text_cursor(unsigned screen, unsigned *row, unsigned *col)
{
    if (screen >= VGA_TEXT_SCREENS)
        return;
    bool taken;
    irqflags_t fl = vga_lock_take(&taken);
    *row = vga_screens[screen].row;
    *col = vga_screens[screen].col;
    vga_lock_drop(taken, fl);
}
