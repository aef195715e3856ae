/* Signal numbers the kernel raises itself. They are the ABI's values (the
 * Linux i386 numbering, see kernel/api/signal.h once present). */
#ifndef KERNEL_SIGNAL_NUMBERS_H
#define KERNEL_SIGNAL_NUMBERS_H
#define KSIG_ILL    4
#define KSIG_TRAP   5
#define KSIG_ABRT   6
#define KSIG_BUS    7
#define KSIG_FPE    8
#define KSIG_KILL   9
#define KSIG_SEGV   11
#define KSIG_PIPE   13
#define KSIG_CHLD   17
#endif
