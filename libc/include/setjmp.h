/* Non-local jumps (C11 7.13, POSIX sigsetjmp). setjmp does not save the
 * signal mask; sigsetjmp(env, 1) does, and siglongjmp restores it. */
#ifndef _SETJMP_H
#define _SETJMP_H

#include <kernel/api/signal.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ebx, esi, edi, ebp, esp, eip: see libc/arch/i386/setjmp.S. */
struct __jmp_buf_tag {
    unsigned long __regs[6];
};
typedef struct __jmp_buf_tag jmp_buf[1];

typedef struct {
    struct __jmp_buf_tag __jb; /* first: sigsetjmp saves it like setjmp */
    int __mask_saved;
    sigset_t __mask;
} sigjmp_buf[1];

int setjmp(jmp_buf env) __attribute__((__returns_twice__));
__attribute__((__noreturn__)) void longjmp(jmp_buf env, int val);
int _setjmp(jmp_buf env) __attribute__((__returns_twice__));
__attribute__((__noreturn__)) void _longjmp(jmp_buf env, int val);
int sigsetjmp(sigjmp_buf env, int savemask) __attribute__((__returns_twice__));
__attribute__((__noreturn__)) void siglongjmp(sigjmp_buf env, int val);

#ifdef __cplusplus
}
#endif

#endif
