/* The POSIX terminal interface over the kernel's terminal ioctls. */
#include <errno.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

int tcgetattr(int fd, struct termios *t)
{
    return ioctl(fd, TCGETS, t);
}

int tcsetattr(int fd, int when, const struct termios *t)
{
    unsigned long request;
    switch (when) {
    case TCSANOW: request = TCSETS; break;
    case TCSADRAIN: request = TCSETSW; break;
    case TCSAFLUSH: request = TCSETSF; break;
    default:
        errno = EINVAL;
        return -1;
    }
    return ioctl(fd, request, t);
}

int isatty(int fd)
{
    struct termios t;
    return tcgetattr(fd, &t) == 0;
}

int tcdrain(int fd)
{
    return ioctl(fd, TCSBRK, 1);
}

int tcflow(int fd, int action)
{
    return ioctl(fd, TCXONC, action);
}

int tcflush(int fd, int queue)
{
    return ioctl(fd, TCFLSH, queue);
}

int tcsendbreak(int fd, int duration)
{
    (void)duration;  /* a break has one length */
    return ioctl(fd, TCSBRK, 0);
}

pid_t tcgetpgrp(int fd)
{
    pid_t pgrp;
    if (ioctl(fd, TIOCGPGRP, &pgrp) < 0)
        return -1;
    return pgrp;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
    return ioctl(fd, TIOCSPGRP, &pgrp);
}

pid_t tcgetsid(int fd)
{
    pid_t sid;
    if (ioctl(fd, TIOCGSID, &sid) < 0)
        return -1;
    return sid;
}

speed_t cfgetispeed(const struct termios *t)
{
    return t->c_ispeed;
}

speed_t cfgetospeed(const struct termios *t)
{
    return t->c_ospeed;
}

static int valid_speed(speed_t speed)
{
    if ((speed & ~(speed_t)CBAUD) != 0) {
        errno = EINVAL;
        return 0;
    }
    return 1;
}

int cfsetispeed(struct termios *t, speed_t speed)
{
    if (!valid_speed(speed))
        return -1;
    t->c_ispeed = speed;
    return 0;
}

/* The output speed is also the one in c_cflag, as on Linux. */
int cfsetospeed(struct termios *t, speed_t speed)
{
    if (!valid_speed(speed))
        return -1;
    t->c_ospeed = speed;
    t->c_cflag = (t->c_cflag & ~(tcflag_t)CBAUD) | speed;
    return 0;
}

int cfsetspeed(struct termios *t, speed_t speed)
{
    if (cfsetospeed(t, speed) < 0)
        return -1;
    return cfsetispeed(t, speed);
}

void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~(tcflag_t)OPOST;
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}
