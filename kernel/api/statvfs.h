/* statvfs() of the kernel ABI. */
#ifndef KERNEL_API_STATVFS_H
#define KERNEL_API_STATVFS_H
#include "kernel/api/types.h"

#define ST_RDONLY 1
#define ST_NOSUID 2

struct statvfs {
    unsigned long f_bsize;      /* preferred I/O size */
    unsigned long f_frsize;     /* unit of f_blocks, f_bfree, f_bavail */
    fsblkcnt_t f_blocks;
    fsblkcnt_t f_bfree;
    fsblkcnt_t f_bavail;
    fsfilcnt_t f_files;
    fsfilcnt_t f_ffree;
    fsfilcnt_t f_favail;
    unsigned long f_fsid;
    unsigned long f_flag;       /* ST_* */
    unsigned long f_namemax;
};

#endif
