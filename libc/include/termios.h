/* POSIX terminal interface, over the kernel's terminal ioctls. */
#ifndef _TERMIOS_H
#define _TERMIOS_H

#include <sys/types.h>
#include <kernel/api/termios.h>

#ifdef __cplusplus
extern "C" {
#endif

int tcgetattr(int fd, struct termios *t);
int tcsetattr(int fd, int when, const struct termios *t);
int tcdrain(int fd);
int tcflow(int fd, int action);
int tcflush(int fd, int queue);
int tcsendbreak(int fd, int duration);
pid_t tcgetsid(int fd);
speed_t cfgetispeed(const struct termios *t);
speed_t cfgetospeed(const struct termios *t);
int cfsetispeed(struct termios *t, speed_t speed);
int cfsetospeed(struct termios *t, speed_t speed);
int cfsetspeed(struct termios *t, speed_t speed);
/* Raw mode: no echo, no line editing, no signals, 8-bit characters. */
void cfmakeraw(struct termios *t);

#ifdef __cplusplus
}
#endif

#endif
