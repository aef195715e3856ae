/* poll() event bits of the kernel ABI (Linux numbers). */
#ifndef KERNEL_API_POLL_H
#define KERNEL_API_POLL_H

#define POLLIN     0x001
#define POLLPRI    0x002
#define POLLOUT    0x004
#define POLLERR    0x008
#define POLLHUP    0x010
#define POLLNVAL   0x020
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200

/* One entry of poll()'s array. */
#ifndef KERNEL_API_POLLFD_DEFINED
#define KERNEL_API_POLLFD_DEFINED
struct pollfd {
    int fd;             /* negative: skipped */
    short events;       /* what to wait for */
    short revents;      /* what holds, filled in by the kernel */
};
#endif

#endif
