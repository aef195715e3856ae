/* The 80x25 VGA text console. */
#ifndef DRIVERS_VGA_TEXT_H
#define DRIVERS_VGA_TEXT_H
#include <stddef.h>
#include <stdint.h>
void vga_text_init(void);
void vga_text_write(const char *s, size_t n);
void vga_text_set_color(uint8_t fg, uint8_t bg);
#endif
