/* POSIX <sched.h>: only yielding; there is no scheduling policy interface. */
#ifndef _SCHED_H
#define _SCHED_H

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

int sched_yield(void);

#ifdef __cplusplus
}
#endif

#endif
