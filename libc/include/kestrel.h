/* Kestrel's own system calls, which have no POSIX counterpart. */
#ifndef _KESTREL_H
#define _KESTREL_H

#include <sys/types.h>
#include <kernel/api/power.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The name the kernel shows for this process (at most len bytes of name). */
int set_process_name(const char *name, size_t len);
/* Writes straight to the kernel console, bypassing every descriptor. */
int debug_write(const char *buf, size_t len);
/* Copies the kernel log into buf; returns the number of bytes copied. */
ssize_t dmesg(char *buf, size_t size);
/* POWER_OFF or POWER_REBOOT; returns only on failure. */
int power(int command);

#ifdef __cplusplus
}
#endif

#endif
