/* Private to libc: the one way pure libc code reaches the calling thread's
 * errno. Kept apart from <errno.h> so that code which only needs to set an
 * error does not depend on how the thread layer provides the storage (the
 * environment, or a host test, supplies the definition). */
#ifndef _BITS_ERRNO_LOCATION_H
#define _BITS_ERRNO_LOCATION_H

int *__errno_location(void);

#endif
