/* Private to libc: the name of a pseudo-terminal slave, kept apart from the
 * ioctls that find its number so that it can be tested on the build
 * machine. */
#ifndef LIBC_INTERNAL_PTS_PATH_H
#define LIBC_INTERNAL_PTS_PATH_H

#include <stddef.h>

/* Writes "/dev/pts/N" into buf; 0, or ERANGE (buf untouched beyond what
 * fits) when size cannot hold it and its terminator. */
int __libc_pts_path(unsigned n, char *buf, size_t size);

#endif
