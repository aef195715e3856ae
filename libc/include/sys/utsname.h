/* POSIX <sys/utsname.h>. */
#ifndef _SYS_UTSNAME_H
#define _SYS_UTSNAME_H

#include <kernel/api/utsname.h>

#ifdef __cplusplus
extern "C" {
#endif

int uname(struct utsname *buf);

#ifdef __cplusplus
}
#endif

#endif
