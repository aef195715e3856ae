/* Waiting for descriptors (POSIX <poll.h>); struct pollfd and the event
 * bits are the kernel's (kernel/api/poll.h). The timeout is in
 * milliseconds, -1 for none. */
#ifndef _POLL_H
#define _POLL_H

#include <kernel/api/poll.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long nfds_t;

int poll(struct pollfd *fds, nfds_t nfds, int timeout);

#ifdef __cplusplus
}
#endif

#endif
