/* The signal trampoline's machine code. It never runs in the kernel: at
 * boot it is copied into the page every process maps read-only and
 * executable (see kernel/signal.c). The bytes are spelled out here rather
 * than assembled so that the sigreturn number comes straight from the
 * syscall list. On entry %esi holds the handler and the stack is laid out as
 * kernel/api/ucontext.h describes. */
#include "arch/x86/signal_trampoline.h"
#include "kernel/api/syscall_list.h"
#include <string.h>

static const unsigned char trampoline_code[] = {
    0xFF, 0xD6,                     /* call *%esi: handler(signo, info, context) */
    0xB8,                           /* movl $SYS_sigreturn, %eax */
    SYS_sigreturn & 0xFF, (SYS_sigreturn >> 8) & 0xFF, 0, 0,
    0xCD, SYSCALL_INT_VECTOR,       /* int $0x82: the kernel restores the context */
    0x0F, 0x0B,                     /* ud2: sigreturn does not come back here */
};

size_t signal_trampoline_write(void *page, size_t size)
{
    if (size < sizeof(trampoline_code))
        return 0;
    memset(page, 0xCC, size);       /* int3 everywhere else */
    memcpy(page, trampoline_code, sizeof(trampoline_code));
    return sizeof(trampoline_code);
}
