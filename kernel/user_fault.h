/* What happens to a user thread whose fault the kernel cannot resolve. */
#ifndef KERNEL_USER_FAULT_H
#define KERNEL_USER_FAULT_H
#include <stdint.h>
#include "arch/x86/trap_frame.h"

/* The signals a fault ends in, numbered as the user ABI numbers them. */
#define USER_FAULT_SIGBUS   7       /* no memory left to back the page */
#define USER_FAULT_SIGSEGV  11      /* no mapping there, or not this kind of access */

/* Called from the page-fault handler (interrupts off, nothing held) for a
 * fault in user mode that vm_handle_fault could not resolve. The process
 * code implements it: report the crash, record the signal, and make sure
 * the thread never resumes the faulting instruction. It may return; the
 * handler then just returns from the trap. The default, a weak symbol in
 * arch/x86/page_fault.c, prints the fault and panics. */
void user_fault_kill(struct trap_frame *f, int signal, uintptr_t addr);
/* Routes the CPU exceptions user code can cause to user_fault_kill. */
void user_fault_init(void);
#endif
