/* File-system statistics (POSIX <sys/statvfs.h>). */
#ifndef _SYS_STATVFS_H
#define _SYS_STATVFS_H

#include <sys/types.h>
#include <kernel/api/statvfs.h>

#ifdef __cplusplus
extern "C" {
#endif

int statvfs(const char *restrict path, struct statvfs *restrict buf);

#ifdef __cplusplus
}
#endif

#endif
