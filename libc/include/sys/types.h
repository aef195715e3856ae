/* POSIX data types. The kernel's scalar types are declared with the same
 * compiler-predefined types the kernel ABI uses, so repeating a typedef from
 * kernel/api is harmless (C11 allows identical redefinitions). */
#ifndef _SYS_TYPES_H
#define _SYS_TYPES_H

#define __need_size_t
#include <stddef.h>

typedef __PTRDIFF_TYPE__ ssize_t;
typedef int pid_t;
typedef unsigned int uid_t;
typedef unsigned int gid_t;
typedef unsigned int id_t;
typedef unsigned int mode_t;
typedef unsigned int nlink_t;
typedef unsigned int dev_t;
typedef __INT64_TYPE__ off_t;
typedef __UINT64_TYPE__ ino_t;
typedef __INT64_TYPE__ time_t;
typedef int blksize_t;
typedef __INT64_TYPE__ blkcnt_t;
typedef __UINT64_TYPE__ fsblkcnt_t;
typedef __UINT64_TYPE__ fsfilcnt_t;
typedef long clock_t;
typedef int clockid_t;
typedef long suseconds_t;
typedef unsigned long useconds_t;
typedef int key_t;

/* Old BSD names some ported code still uses. */
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned long u_long;

#include <bits/pthread_types.h>

#endif
