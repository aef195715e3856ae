/* getrandom(): bytes from the kernel's random generator. */
#ifndef _SYS_RANDOM_H
#define _SYS_RANDOM_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GRND_NONBLOCK 0x0001  /* fail with EAGAIN rather than wait for entropy */
#define GRND_RANDOM   0x0002

ssize_t getrandom(void *buf, size_t len, unsigned flags);
int getentropy(void *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
