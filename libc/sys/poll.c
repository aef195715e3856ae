/* poll, and select built on it: the kernel has only poll. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/select.h>

#include "../internal/syscall.h"

int poll(struct pollfd *fds, nfds_t nfds, int timeout)
{
    return (int)__syscall_ret(__syscall3(SYS_poll, __SC(fds), __SC(nfds), timeout));
}

/* Milliseconds for poll, rounded up so that select never returns early;
 * -1 (forever) for a NULL timeout. */
static int timeout_ms(const struct timeval *tv)
{
    if (!tv)
        return -1;
    long long ms = tv->tv_sec * 1000LL + (tv->tv_usec + 999) / 1000;
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int select(int nfds, fd_set *restrict readfds, fd_set *restrict writefds,
           fd_set *restrict exceptfds, struct timeval *restrict timeout)
{
    if (nfds < 0 || nfds > FD_SETSIZE ||
        (timeout && (timeout->tv_sec < 0 || timeout->tv_usec < 0 ||
                     timeout->tv_usec >= 1000000))) {
        errno = EINVAL;
        return -1;
    }
    /* One pollfd per descriptor named in any of the sets. */
    struct pollfd small[32];
    struct pollfd *pfds = small;
    int count = 0;
    for (int fd = 0; fd < nfds; fd++) {
        if ((readfds && FD_ISSET(fd, readfds)) || (writefds && FD_ISSET(fd, writefds)) ||
            (exceptfds && FD_ISSET(fd, exceptfds)))
            count++;
    }
    if (count > (int)(sizeof(small) / sizeof(small[0]))) {
        pfds = malloc((size_t)count * sizeof(*pfds));
        if (!pfds)
            return -1;
    }
    int n = 0;
    for (int fd = 0; fd < nfds; fd++) {
        short ev = 0;
        if (readfds && FD_ISSET(fd, readfds))
            ev |= POLLIN;
        if (writefds && FD_ISSET(fd, writefds))
            ev |= POLLOUT;
        if (exceptfds && FD_ISSET(fd, exceptfds))
            ev |= POLLPRI;
        if (ev)
            pfds[n++] = (struct pollfd){ .fd = fd, .events = ev };
    }
    int rc = poll(pfds, (nfds_t)n, timeout_ms(timeout));
    if (rc >= 0) {
        /* Rebuild the sets: a descriptor counts once per set it is ready in.
         * Errors and hang-ups make it "ready": the read or write will say. */
        if (readfds)
            FD_ZERO(readfds);
        if (writefds)
            FD_ZERO(writefds);
        if (exceptfds)
            FD_ZERO(exceptfds);
        rc = 0;
        for (int i = 0; i < n; i++) {
            short re = pfds[i].revents;
            if (re & POLLNVAL) {
                errno = EBADF;
                rc = -1;
                break;
            }
            if ((pfds[i].events & POLLIN) && (re & (POLLIN | POLLHUP | POLLERR))) {
                FD_SET(pfds[i].fd, readfds);
                rc++;
            }
            if ((pfds[i].events & POLLOUT) && (re & (POLLOUT | POLLERR))) {
                FD_SET(pfds[i].fd, writefds);
                rc++;
            }
            if ((pfds[i].events & POLLPRI) && (re & POLLPRI)) {
                FD_SET(pfds[i].fd, exceptfds);
                rc++;
            }
        }
        /* Linux-style: on a timeout the whole interval has passed. */
        if (rc == 0 && timeout)
            timeout->tv_sec = timeout->tv_usec = 0;
    }
    if (pfds != small)
        free(pfds);
    return rc;
}
