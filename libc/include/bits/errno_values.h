/* The errno numbers are part of the kernel ABI; libc takes them from there. */
#ifndef _BITS_ERRNO_VALUES_H
#define _BITS_ERRNO_VALUES_H
#include <kernel/api/errno.h>
#endif
