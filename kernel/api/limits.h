/* File-system limits of the kernel ABI. */
#ifndef KERNEL_API_LIMITS_H
#define KERNEL_API_LIMITS_H

#define PATH_MAX    4096    /* bytes in a path, including the terminating NUL */
#define NAME_MAX    255     /* bytes in one path component, without the NUL */
#define PIPE_BUF    4096    /* writes up to this size to a pipe are atomic */
#define SYMLOOP_MAX 40      /* symbolic links followed while resolving one path */
#define LINK_MAX    65000   /* hard links to one inode */

#endif
