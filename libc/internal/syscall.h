/* Private to libc: system calls with the POSIX error convention. The kernel
 * returns -errno in -4095..-1; everything else (including large unsigned
 * values such as addresses and ids) is a result. */
#ifndef LIBC_INTERNAL_SYSCALL_H
#define LIBC_INTERNAL_SYSCALL_H

#include <errno.h>

#include "../arch/i386/syscall.h"

/* Whether a raw result is an error. */
static inline int __syscall_failed(long r)
{
    return (unsigned long)r > -4096UL;
}

/* The POSIX convention: -1 with errno set on failure, the result otherwise. */
static inline long __syscall_ret(long r)
{
    if (__syscall_failed(r)) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

/* Arguments travel as machine words. */
#define __SC(x) ((long)(x))

#endif
