/* COM1 as a terminal: /dev/ttyS0 (4:64) and /dev/console (5:1) are the same
 * terminal. Input arrives on IRQ 4; output uses the polled writer, the
 * same one printk uses, so kernel messages and terminal output share the
 * line byte by byte. */
#include "arch/x86/interrupts.h"
#include "drivers/serial.h"
#include "drivers/tty/tty.h"
#include "drivers/tty/tty_drivers.h"
#include "fs/device.h"
#include "kernel/file.h"
#include "kernel/printk.h"

#define SERIAL_RX_BATCH 16

static struct tty serial_tty;

static void serial_tty_output(struct tty *tty, const char *s, size_t n)
{
    (void)tty;
    serial_write_raw(COM1_PORT, s, n);
}

static const struct tty_driver serial_tty_driver = { .output = serial_tty_output };

static void serial_tty_irq(struct trap_frame *frame, void *ctx)
{
    (void)frame;
    struct tty *tty = ctx;
    char buf[SERIAL_RX_BATCH];
    size_t n;
    /* Whatever does not fit in the input buffer is lost, as on a real line. */
    while ((n = serial_read_available(COM1_PORT, buf, sizeof(buf))) > 0)
        tty_receive(tty, buf, n);
}

static int serial_tty_open(struct char_device *cdev, struct file *f, int flags)
{
    (void)cdev;
    return tty_open_file(&serial_tty, f, flags);
}

/* Until the open hook makes them terminal files, they can do nothing. */
static const struct file_ops serial_unopened_ops = { .unseekable = true };

static struct char_device serial_devices[] = {
    { .name = "ttyS0", .dev = DEV_MAKE(4, 64), .mode = 0660, .ops = &serial_unopened_ops,
      .open_with_flags = serial_tty_open },
    { .name = "console", .dev = DEV_MAKE(5, 1), .mode = 0600, .ops = &serial_unopened_ops,
      .open_with_flags = serial_tty_open },
};


void serial_tty_register(void)
{
    tty_init(&serial_tty, &serial_tty_driver, "ttyS0", DEV_MAKE(4, 64));
    for (unsigned i = 0; i < sizeof(serial_devices) / sizeof(serial_devices[0]); i++) {
        int rc = device_register_char(&serial_devices[i]);
        if (rc < 0)
            printk("tty: cannot register /dev/%s (error %d)\n", serial_devices[i].name, rc);
    }
    if (irq_register(COM1_IRQ, serial_tty_irq, &serial_tty) == 0)
        serial_enable_receive_interrupt(COM1_PORT);
    else
        printk("tty: IRQ %d is taken; /dev/ttyS0 will not see input\n", COM1_IRQ);
}
