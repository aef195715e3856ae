/* Kernel-side errno values: the same numbers user space sees. */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H
#include "kernel/api/errno.h"
#endif
