/* POSIX <fcntl.h>: opening files and descriptor control. The flag values
 * are the kernel's (kernel/api/fcntl.h). */
#ifndef _FCNTL_H
#define _FCNTL_H

#include <sys/types.h>
#include <kernel/api/fcntl.h>

#ifndef AT_FDCWD
#define AT_FDCWD (-100)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* mode is read only with O_CREAT. */
int open(const char *path, int flags, ...);
int openat(int dirfd, const char *path, int flags, ...);
int creat(const char *path, mode_t mode);
/* The third argument, when cmd takes one, is an int. */
int fcntl(int fd, int cmd, ...);

#ifdef __cplusplus
}
#endif

#endif
