/* The simple character devices: null, zero and full. (/dev/console is
 * the serial terminal: drivers/tty/serial_tty.c.) */
#include "fs/device.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

static ssize_t dev_null_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos) { return 0; }

static ssize_t dev_swallow_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    return (ssize_t)len;
}

static ssize_t dev_zero_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    int rc = io_buffer_zero(buf, 0, len);
    return rc < 0 ? rc : (ssize_t)len;
}

static ssize_t dev_full_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    return -ENOSPC;
}

static const struct file_ops dev_null_ops = { .read = dev_null_read, .write = dev_swallow_write };
static const struct file_ops dev_zero_ops = { .read = dev_zero_read, .write = dev_swallow_write };
static const struct file_ops dev_full_ops = { .read = dev_zero_read, .write = dev_full_write };

static struct char_device basic_devices[] = {
    { .name = "null", .dev = DEV_MAKE(1, 3), .ops = &dev_null_ops },
    { .name = "zero", .dev = DEV_MAKE(1, 5), .ops = &dev_zero_ops },
    { .name = "full", .dev = DEV_MAKE(1, 7), .ops = &dev_full_ops },
};

void dev_basic_register(void)
{
    for (unsigned i = 0; i < sizeof(basic_devices) / sizeof(basic_devices[0]); i++) {
        int rc = device_register_char(&basic_devices[i]);
        if (rc < 0)
            printk("dev: cannot register %s (error %d)\n", basic_devices[i].name, rc);
    }
}
