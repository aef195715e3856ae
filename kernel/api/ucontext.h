/* The interrupted state a signal handler sees (its third argument with
 * SA_SIGINFO) and that sigreturn restores. The kernel lays out, from the
 * stack pointer the handler's caller starts with:
 *
 *     esp + 0    signal number        (the handler's first argument)
 *     esp + 4    siginfo_t *           (second)
 *     esp + 8    ucontext_t *          (third)
 *     esp + 12   unused
 *     esp + 16   ucontext_t            (16-byte aligned)
 *     ...        siginfo_t
 *
 * and starts the thread in the signal trampoline with %esi = the handler.
 * The trampoline calls it, then makes the sigreturn call with the stack
 * pointer back at esp + 0; the kernel finds the context at esp + 16. A
 * handler may edit the context (uc_mcontext, uc_sigmask) to change what is
 * resumed; sigreturn refuses changes to segment registers, privileged
 * flags, or addresses outside user space (the process gets SIGSEGV). */
#ifndef KERNEL_API_UCONTEXT_H
#define KERNEL_API_UCONTEXT_H

typedef struct {
    __UINT32_TYPE__ gs, fs, es, ds;
    __UINT32_TYPE__ edi, esi, ebp, esp, ebx, edx, ecx, eax;
    __UINT32_TYPE__ eip, cs, eflags, ss;
    __UINT32_TYPE__ fault_address;     /* cr2 for faults, else 0 */
    __UINT32_TYPE__ trap_number;
    __UINT32_TYPE__ error_code;
    __UINT32_TYPE__ reserved;
} mcontext_t;

typedef struct ucontext {
    __UINT32_TYPE__ uc_flags;
    __UINT32_TYPE__ uc_sigmask;         /* restored by sigreturn */
    __UINT32_TYPE__ uc_onstack;         /* 1 when the handler runs on the alternate stack */
    __UINT32_TYPE__ uc_reserved;
    mcontext_t uc_mcontext;
    unsigned char uc_fpstate[512] __attribute__((aligned(16)));   /* FXSAVE image */
} ucontext_t;

#define SIGFRAME_CONTEXT_OFFSET 16
#endif
