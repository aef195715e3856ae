/* create_thread(params): a new thread in the calling process. Returns its
 * thread id, or -errno.
 *
 * The thread starts in user mode at `entry` as if entry(arg) had just been
 * called on the stack whose top is `stack_top`: the kernel writes `arg` at
 * stack_top - 16 and a zero return address at stack_top - 20, and starts
 * with %esp = stack_top - 20 and the other general registers zero.
 * stack_top must be 16-byte aligned, so that the arguments (%esp + 4) are,
 * as the i386 System V ABI expects at a function's entry.
 * `entry` must never return; it ends with exit_thread(value).
 * The %gs base of the new thread is `tls` (see set_thread_area). The signal
 * mask is the creator's; nothing is pending.
 *
 * exit_thread(value) ends the calling thread; a joinable thread stays a
 * zombie until join_thread(tid, &value) collects the value. detach_thread(tid)
 * makes a thread leave no zombie. The last thread to exit ends the process
 * with status 0. */
#ifndef KERNEL_API_THREAD_H
#define KERNEL_API_THREAD_H

struct thread_params {
    void (*entry)(void *);
    void *arg;
    void *stack_top;          /* one past the highest byte of the stack */
    __SIZE_TYPE__ stack_size; /* bytes below stack_top that are the stack */
    void *tls;                /* the new thread's %gs base */
};

#endif
