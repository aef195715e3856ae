/* Work done on every return to user mode: dying threads die here, and
 * pending signals are delivered here. */
#ifndef KERNEL_USER_RETURN_H
#define KERNEL_USER_RETURN_H
#include "arch/x86/trap_frame.h"
void user_return_prepare(struct trap_frame *f);
#endif
