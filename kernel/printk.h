/* Kernel messages: to the serial console, the VGA console and the kernel log. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H
#include <stdarg.h>
#include <stddef.h>

__attribute__((format(printf, 1, 2))) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list ap);
/* Bytes of the kernel log ring (oldest first) copied into buf; for dmesg. */
size_t klog_read(char *buf, size_t len);
void console_init(void);
/* Stop writing to the VGA screen (e.g. once a TTY owns it). */
void console_set_vga(int enabled);
#endif
