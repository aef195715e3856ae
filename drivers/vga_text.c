/* VGA text mode console: scrolling, colours and the hardware cursor. */
#include "drivers/vga_text.h"
#include "arch/x86/io.h"
#include "mm/layout.h"
#include <string.h>

#define VGA_COLS        80
#define VGA_ROWS        25
#define VGA_PHYS        0xB8000
#define CRTC_INDEX      0x3D4
#define CRTC_DATA       0x3D5
#define TAB_WIDTH       8

static uint16_t *const vga_cells = (uint16_t *)(KERNEL_VIRT_BASE + VGA_PHYS);
static unsigned vga_row, vga_col;
static uint8_t vga_attr = 0x07;  /* light grey on black */

static uint16_t vga_cell(char c) { return (uint16_t)(uint8_t)c | ((uint16_t)vga_attr << 8); }

static void vga_move_cursor(void)
{
    uint16_t pos = vga_row * VGA_COLS + vga_col;
    outb(CRTC_INDEX, 0x0F);
    outb(CRTC_DATA, pos & 0xFF);
    outb(CRTC_INDEX, 0x0E);
    outb(CRTC_DATA, pos >> 8);
}

static void vga_clear_row(unsigned row)
{
    for (unsigned c = 0; c < VGA_COLS; c++)
        vga_cells[row * VGA_COLS + c] = vga_cell(' ');
}

void vga_text_init(void)
{
    for (unsigned r = 0; r < VGA_ROWS; r++)
        vga_clear_row(r);
    vga_row = vga_col = 0;
    vga_move_cursor();
}

void vga_text_set_color(uint8_t fg, uint8_t bg) { vga_attr = (uint8_t)((bg << 4) | (fg & 0x0F)); }

static void vga_newline(void)
{
    vga_col = 0;
    if (++vga_row < VGA_ROWS)
        return;
    memmove(vga_cells, vga_cells + VGA_COLS, (VGA_ROWS - 1) * VGA_COLS * sizeof(uint16_t));
    vga_row = VGA_ROWS - 1;
    vga_clear_row(vga_row);
}

static void vga_putc(char c)
{
    switch (c) {
    case '\n':
        vga_newline();
        return;
    case '\r':
        vga_col = 0;
        return;
    case '\b':
        if (vga_col > 0)
            vga_col--;
        return;
    case '\t':
        vga_col = (vga_col + TAB_WIDTH) & ~(TAB_WIDTH - 1);
        if (vga_col >= VGA_COLS)
            vga_newline();
        return;
    default:
        vga_cells[vga_row * VGA_COLS + vga_col] = vga_cell(c);
        if (++vga_col == VGA_COLS)
            vga_newline();
    }
}

void vga_text_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        vga_putc(s[i]);
    vga_move_cursor();
}
