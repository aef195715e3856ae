/* printk: formats with the same engine as libc's printf and sends the text to
 * COM1, the VGA console and a ring buffer that dmesg reads. */
#include "kernel/printk.h"
#include "drivers/serial.h"
#include "drivers/vga_text.h"
#include "kernel/spinlock.h"
#include <format.h>

#define KLOG_SIZE 65536

/* Protects the consoles and the log ring: messages from interrupt handlers
 * and threads must not interleave inside one printk. */
static struct spinlock console_lock = SPINLOCK_INIT("console");
static char klog_ring[KLOG_SIZE];
static size_t klog_head;     /* total bytes ever written */
static int console_vga_enabled = 1;

void console_init(void)
{
    serial_init(COM1_PORT);
    vga_text_init();
}

void console_set_vga(int enabled) { console_vga_enabled = enabled; }

static void console_sink(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    serial_write(COM1_PORT, s, n);
    if (console_vga_enabled)
        vga_text_write(s, n);
    for (size_t i = 0; i < n; i++)
        klog_ring[(klog_head + i) % KLOG_SIZE] = s[i];
    klog_head += n;
}

int vprintk(const char *fmt, va_list ap)
{
    /* A panic while the console lock is held must still be able to print. */
    irqflags_t fl = irq_save();
    bool take = !spin_is_held(&console_lock);
    if (take)
        spin_lock_irqsave(&console_lock);
    int n = format_vprint(console_sink, NULL, fmt, ap);
    if (take)
        spin_unlock_irqrestore(&console_lock, 0);
    irq_restore(fl);
    return n;
}

int printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintk(fmt, ap);
    va_end(ap);
    return n;
}

size_t klog_read(char *buf, size_t len)
{
    irqflags_t fl = spin_lock_irqsave(&console_lock);
    size_t avail = klog_head < KLOG_SIZE ? klog_head : KLOG_SIZE;
    size_t start = klog_head - avail;
    if (len > avail)
        len = avail;
    for (size_t i = 0; i < len; i++)
        buf[i] = klog_ring[(start + i) % KLOG_SIZE];
    spin_unlock_irqrestore(&console_lock, fl);
    return len;
}
