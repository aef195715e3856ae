/* Bringing the terminal devices up, and /dev/tty (5:0): whatever terminal
 * controls the caller's session. */
#include "drivers/tty/pty.h"
#include "drivers/tty/tty.h"
#include "drivers/tty/tty_drivers.h"
#include "fs/device.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/printk.h"
#include "kernel/process.h"

static int dev_tty_open(struct char_device *cdev, struct file *f, int flags)
{
    (void)cdev;
    (void)flags;
    struct tty *tty = tty_controlling(process_current());
    if (!tty)
        return -ENXIO;
    /* It already is the controlling terminal: nothing to acquire. */
    int rc = tty_open_file(tty, f, O_NOCTTY);
    tty_put(tty);
    return rc;
}

static const struct file_ops dev_tty_unopened_ops = { .unseekable = true };

static struct char_device dev_tty_device = {
    .name = "tty", .dev = DEV_MAKE(5, 0), .mode = 0666, .ops = &dev_tty_unopened_ops,
    .open_with_flags = dev_tty_open,
};

void tty_devices_register(void)
{
    serial_tty_register();
    vt_register();
    keyboard_init();
    pty_register();
    int rc = device_register_char(&dev_tty_device);
    if (rc < 0)
        printk("tty: cannot register /dev/tty (error %d)\n", rc);
}
