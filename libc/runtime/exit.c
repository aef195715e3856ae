/* Process exit: atexit handlers (last registered first), destructors,
 * stdio flushing, then the exit system call. */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "../internal/runtime.h"
#include "../internal/syscall.h"

typedef void (*fini_fn)(void);
extern fini_fn __fini_array_start[] __attribute__((visibility("hidden")));
extern fini_fn __fini_array_end[] __attribute__((visibility("hidden")));

/* Single-threaded programs need no lock; the thread library replaces these. */
__attribute__((weak)) void __libc_lock_atexit(void)
{
}

__attribute__((weak)) void __libc_unlock_atexit(void)
{
}

/* POSIX asks for at least 32 handlers; a fixed table needs no allocator. */
static void (*handlers[ATEXIT_MAX])(void);
static int handler_count;

int atexit(void (*func)(void))
{
    int rc = -1;
    __libc_lock_atexit();
    if (handler_count < ATEXIT_MAX) {
        handlers[handler_count++] = func;
        rc = 0;
    }
    __libc_unlock_atexit();
    return rc;
}

_Noreturn void exit(int status)
{
    /* A handler may register more handlers or call exit() itself (undefined
     * behaviour, but it must not loop forever): take one at a time. */
    for (;;) {
        __libc_lock_atexit();
        void (*f)(void) = handler_count > 0 ? handlers[--handler_count] : NULL;
        __libc_unlock_atexit();
        if (!f)
            break;
        f();
    }
    for (fini_fn *f = __fini_array_end; f > __fini_array_start;)
        (*--f)();
    if (__stdio_exit)
        __stdio_exit();
    _exit(status);
}

_Noreturn void _exit(int status)
{
    for (;;)
        __syscall1(SYS_exit, status);
}

_Noreturn void _Exit(int status)
{
    _exit(status);
}
