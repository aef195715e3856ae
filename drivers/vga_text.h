/* The 80x25 VGA text console: several screens (the virtual consoles), one
 * shown at a time, each understanding a VT100 subset of escape sequences
 * (cursor movement, erasing, insert/delete, colours). Screen 0 is the
 * kernel console, where printk writes. Everything here is callable from
 * interrupt context. */
#ifndef DRIVERS_VGA_TEXT_H
#define DRIVERS_VGA_TEXT_H
#include <stddef.h>
#include <stdint.h>

#define VGA_TEXT_SCREENS 4
#define VGA_TEXT_COLS    80
#define VGA_TEXT_ROWS    25

void vga_text_init(void);
/* Kernel messages, to screen 0; '\n' starts a new line. */
void vga_text_write(const char *s, size_t n);
/* Terminal output to one screen, whether shown or not; '\n' only moves
 * down, as on a VT100 (a terminal's ONLCR adds the carriage return). */
void vga_text_write_screen(unsigned screen, const char *s, size_t n);
/* Puts a screen on the display. */
void vga_text_show(unsigned screen);
unsigned vga_text_shown(void);
/* What a screen holds at (row, col): the character in the low byte, the
 * attribute in the high one; and where its cursor is. For tests. */
uint16_t vga_text_cell(unsigned screen, unsigned row, unsigned col);
void vga_text_cursor(unsigned screen, unsigned *row, unsigned *col);
/* Default colours of screen 0 (VGA colour numbers). */
void vga_text_set_color(uint8_t fg, uint8_t bg);
#endif
