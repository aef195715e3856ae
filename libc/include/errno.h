/* errno (C11 7.5, POSIX). Each thread has its own: the value lives in the
 * thread's control block, which __errno_location finds. */
#ifndef _ERRNO_H
#define _ERRNO_H

#include <bits/errno_values.h>

#ifdef __cplusplus
extern "C" {
#endif

int *__errno_location(void) __attribute__((__const__));
#define errno (*__errno_location())

/* GNU: the name the program was started with, and its last component. */
extern char *program_invocation_name;
extern char *program_invocation_short_name;

#ifdef __cplusplus
}
#endif

#endif
