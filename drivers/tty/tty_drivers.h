/* The terminal drivers' entry points, for tty_devices.c and the keyboard. */
#ifndef DRIVERS_TTY_TTY_DRIVERS_H
#define DRIVERS_TTY_TTY_DRIVERS_H
#include <stdbool.h>
#include <stddef.h>

/* serial_tty.c: /dev/ttyS0 and /dev/console, with input on IRQ 4. */
void serial_tty_register(void);
/* vt.c: /dev/tty1..4 on the VGA screens. */
void vt_register(void);
/* Keyboard bytes for the console that is shown. Interrupt context. */
void vt_keyboard_input(const char *s, size_t n);
/* Shows console index (0 is tty1). */
void vt_switch(unsigned index);
/* keyboard.c: the PS/2 keyboard on IRQ 1. */
void keyboard_init(void);

/* The scancode decoder (set 1, US layout), separate from the hardware so
 * that it can be tested: what keys are held, and where results go. */
struct keyboard_state {
    bool shift_left, shift_right, ctrl, alt, caps_lock;
    bool extended;              /* an 0xE0 prefix came */
    unsigned skip;              /* bytes of a Pause sequence still to ignore */
    void (*input)(const char *s, size_t n);
    void (*switch_console)(unsigned index);
};
void keyboard_decode(struct keyboard_state *k, unsigned char scancode);
#endif
