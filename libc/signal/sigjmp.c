/* The signal-mask half of sigsetjmp/siglongjmp (the registers are saved and
 * restored in libc/arch/i386/setjmp.S). */
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>

int __sigsetjmp_save(sigjmp_buf env, int savemask);

/* Reached by a jump from sigsetjmp, with sigsetjmp's own arguments. */
int __sigsetjmp_save(sigjmp_buf env, int savemask)
{
    env->__mask_saved = savemask != 0;
    if (savemask)
        sigprocmask(SIG_BLOCK, NULL, &env->__mask);
    return 0;
}

_Noreturn void siglongjmp(sigjmp_buf env, int val)
{
    if (env->__mask_saved)
        sigprocmask(SIG_SETMASK, &env->__mask, NULL);
    longjmp(&env->__jb, val);
}
