/* The virtual consoles /dev/tty1../dev/tty4 (4:1-4:4): terminals drawn on
 * the VGA screens, fed by the PS/2 keyboard. Alt+F1..F4 shows one; the
 * keyboard types into whichever is shown. tty1 shares its screen with
 * kernel messages. */
#include "drivers/tty/tty.h"
#include "drivers/tty/tty_drivers.h"
#include "drivers/vga_text.h"
#include "fs/device.h"
#include "kernel/file.h"
#include "kernel/printk.h"
#include <format.h>

#define VT_COUNT VGA_TEXT_SCREENS

static struct tty vt_ttys[VT_COUNT];

static void vt_output(struct tty *tty, const char *s, size_t n)
{
    vga_text_write_screen((unsigned)(tty - vt_ttys), s, n);
}

static const struct tty_driver vt_driver = { .output = vt_output };

void vt_keyboard_input(const char *s, size_t n)
{
    /* Typing faster than anyone reads loses keys, as on any console. */
    tty_receive(&vt_ttys[vga_text_shown()], s, n);
}

void vt_switch(unsigned index)
{
    if (index < VT_COUNT)
        vga_text_show(index);
}

static int vt_open(struct char_device *cdev, struct file *f, int flags)
{
    return tty_open_file(cdev->private_data, f, flags);
}

static const struct file_ops vt_unopened_ops = { .unseekable = true };
static struct char_device vt_devices[VT_COUNT];
static char vt_names[VT_COUNT][TTY_NAME_MAX];

void vt_register(void)
{
    for (unsigned i = 0; i < VT_COUNT; i++) {
        snprintf(vt_names[i], sizeof(vt_names[i]), "tty%u", i + 1);
        tty_init(&vt_ttys[i], &vt_driver, vt_names[i], DEV_MAKE(4, i + 1));
        vt_ttys[i].winsize.ws_row = VGA_TEXT_ROWS;
        vt_ttys[i].winsize.ws_col = VGA_TEXT_COLS;
        vt_devices[i] = (struct char_device){ .name = vt_names[i], .dev = DEV_MAKE(4, i + 1), .mode = 0620,
                                              .ops = &vt_unopened_ops, .open_with_flags = vt_open,
                                              .private_data = &vt_ttys[i] };
        int rc = device_register_char(&vt_devices[i]);
        if (rc < 0)
            printk("tty: cannot register /dev/%s (error %d)\n", vt_names[i], rc);
    }
}
