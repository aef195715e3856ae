/* Pseudo-terminal pairs the POSIX way: posix_openpt opens /dev/ptmx, whose
 * every open is a new pair; the slave stays locked until unlockpt, and
 * TIOCGPTN tells which /dev/pts/N it is. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../internal/pts_path.h"

int posix_openpt(int flags)
{
    /* O_CLOEXEC is not POSIX's but costs nothing and closes a race. */
    if ((flags & O_ACCMODE) != O_RDWR || (flags & ~(O_ACCMODE | O_NOCTTY | O_CLOEXEC))) {
        errno = EINVAL;
        return -1;
    }
    return open("/dev/ptmx", flags);
}

/* The slave's node is made owned by whoever opened the master, with the
 * right mode, so there is nothing to grant; it still has to be a master. */
int grantpt(int fd)
{
    unsigned n;
    if (ioctl(fd, TIOCGPTN, &n) < 0) {
        if (errno == ENOTTY)
            errno = EINVAL;
        return -1;
    }
    return 0;
}

int unlockpt(int fd)
{
    int lock = 0;
    if (ioctl(fd, TIOCSPTLCK, &lock) < 0) {
        if (errno == ENOTTY)
            errno = EINVAL;
        return -1;
    }
    return 0;
}

int ptsname_r(int fd, char *buf, size_t size)
{
    unsigned n;
    if (ioctl(fd, TIOCGPTN, &n) < 0)
        return errno == EBADF ? EBADF : ENOTTY;
    int err = __libc_pts_path(n, buf, size);
    if (err)
        errno = err;
    return err;
}

char *ptsname(int fd)
{
    static char name[sizeof("/dev/pts/") + 10];
    int err = ptsname_r(fd, name, sizeof(name));
    if (err) {
        errno = err;
        return NULL;
    }
    return name;
}
