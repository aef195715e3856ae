/* ioctl() and the terminal requests it takes (kernel/api/termios.h). */
#ifndef _SYS_IOCTL_H
#define _SYS_IOCTL_H

#include <kernel/api/termios.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The third argument, when the request takes one, is an int or a pointer. */
int ioctl(int fd, unsigned long request, ...);

#ifdef __cplusplus
}
#endif

#endif
