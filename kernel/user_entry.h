/* Threads of user processes start in the kernel and leave for user mode
 * through the register frame at the top of their kernel stack. */
#ifndef KERNEL_USER_ENTRY_H
#define KERNEL_USER_ENTRY_H
/* A thread entry: enter user mode with the frame already prepared. */
__attribute__((noreturn)) void user_entry_from_frame(void *unused);
#endif
