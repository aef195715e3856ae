/* Each line written is one result: "ok NAME" or "not ok NAME". Other lines
 * (diagnostics) are passed to the console prefixed with "# ". A partial
 * line waits for its newline, per open file. */
#include "kernel/tap_device.h"
#include "fs/device.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/printk.h"
#include "kernel/selftest.h"
#include "mm/heap.h"
#include <string.h>

#define TAP_LINE_MAX 256
#define TAP_NAME_PREFIX "user/"

struct tap_writer {
    char line[TAP_LINE_MAX];
    size_t len;
};

static void tap_line_done(struct tap_writer *w)
{
    char name[TAP_LINE_MAX + sizeof(TAP_NAME_PREFIX)];
    w->line[w->len] = 0;
    const char *text = w->line;
    if (strncmp(text, "ok ", 3) == 0 || strncmp(text, "not ok ", 7) == 0) {
        bool ok = text[0] == 'o';
        strlcpy(name, TAP_NAME_PREFIX, sizeof(name));
        strlcat(name, text + (ok ? 3 : 7), sizeof(name));
        tap_result(ok, name);
    } else if (w->len > 0) {
        printk("# %s\n", text);
    }
    w->len = 0;
}

static ssize_t tap_write(struct file *f, const struct io_buffer *buf, size_t len, off_t *pos)
{
    (void)pos;
    struct tap_writer *w = f->private_data;
    char chunk[128];
    for (size_t done = 0; done < len;) {
        size_t n = len - done < sizeof(chunk) ? len - done : sizeof(chunk);
        int rc = io_buffer_get(buf, done, chunk, n);
        if (rc < 0)
            return done ? (ssize_t)done : rc;
        for (size_t i = 0; i < n; i++) {
            if (chunk[i] == '\n')
                tap_line_done(w);
            else if (w->len < TAP_LINE_MAX - 1)
                w->line[w->len++] = chunk[i];
        }
        done += n;
    }
    return (ssize_t)len;
}

static void tap_release(struct file *f)
{
    struct tap_writer *w = f->private_data;
    if (w && w->len)
        tap_line_done(w);   /* a last line without newline still counts */
    kfree(w);
}

static int tap_open(struct char_device *cdev, struct file *f)
{
    (void)cdev;
    struct tap_writer *w = kzalloc(sizeof(*w));
    f->private_data = w;    /* NULL on failure: release must not free the device */
    if (!w)
        return -ENOMEM;
    return 0;
}

static const struct file_ops tap_ops = { .write = tap_write, .release = tap_release };

static struct char_device tap_device = {
    .name = "tap", .dev = DEV_MAKE(240, 0), .mode = 0666, .ops = &tap_ops, .open = tap_open,
};

void tap_device_register(void)
{
    int rc = device_register_char(&tap_device);
    if (rc < 0)
        printk("tap: cannot register /dev/tap (%d)\n", rc);
}
