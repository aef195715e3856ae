/* The auxiliary vector the kernel passed to this program. */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H

#include <kernel/api/auxv.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The value of entry `type`, or 0 with errno = ENOENT if there is none. */
unsigned long getauxval(unsigned long type);

#ifdef __cplusplus
}
#endif

#endif
