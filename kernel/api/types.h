/* Scalar types of the kernel ABI, shared by the kernel and libc. Every name
 * is declared with a compiler-predefined type so that this header needs no
 * other header; repeating an identical typedef is valid C11, so libc's
 * <sys/types.h> may include this file and still declare them itself. */
#ifndef KERNEL_API_TYPES_H
#define KERNEL_API_TYPES_H

typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int mode_t;
typedef unsigned int nlink_t;
/* Device numbers use the 32-bit split Linux reports in stat: see DEV_MAKE. */
typedef unsigned int dev_t;
/* 64-bit file offsets and inode numbers everywhere: there is no separate
 * "large file" interface, so off_t never needs a 64-suffixed twin. */
typedef __INT64_TYPE__ off_t;
typedef __UINT64_TYPE__ ino_t;
typedef __INT64_TYPE__ time_t;
typedef int blksize_t;
typedef __INT64_TYPE__ blkcnt_t;
typedef __UINT64_TYPE__ fsblkcnt_t;
typedef __UINT64_TYPE__ fsfilcnt_t;
typedef __PTRDIFF_TYPE__ ssize_t;

/* Shared guard with kernel/api/time.h; libc's <time.h> uses its own. */
#if !defined(KERNEL_API_TIMESPEC_DEFINED) && !defined(_STRUCT_TIMESPEC)
#define KERNEL_API_TIMESPEC_DEFINED
#define _STRUCT_TIMESPEC
struct timespec {
    time_t tv_sec;
    long tv_nsec;
};
#endif

/* dev_t layout: minor bits 0-7, major bits 8-19, minor bits 8-19 again at
 * 20-31. Small numbers therefore look like the classic major*256+minor. */
#define DEV_MAKE(ma, mi)                                                       \
    ((dev_t)((((unsigned)(mi)) & 0xffu) | ((((unsigned)(ma)) & 0xfffu) << 8) | \
             ((((unsigned)(mi)) & 0xfff00u) << 12)))
#define DEV_MAJOR(d) ((unsigned)(((d) >> 8) & 0xfffu))
#define DEV_MINOR(d) ((unsigned)(((d) & 0xffu) | (((d) >> 12) & 0xfff00u)))

#endif
