/* Stream locking. A program without threads needs none, so the hooks are
 * weak no-ops here; linking the thread library (pthread_create) brings in
 * libc/pthread/libc_locks.c, whose real locks replace them. */
#include "stdio_impl.h"

__attribute__((weak)) void __stdio_lock(FILE *f)
{
    (void)f;
}

__attribute__((weak)) void __stdio_unlock(FILE *f)
{
    (void)f;
}

__attribute__((weak)) int __stdio_trylock(FILE *f)
{
    (void)f;
    return 0;
}

__attribute__((weak)) void __stdio_list_lock(void)
{
}

__attribute__((weak)) void __stdio_list_unlock(void)
{
}

void flockfile(FILE *f)
{
    __stdio_lock(f);
}

int ftrylockfile(FILE *f)
{
    return __stdio_trylock(f);
}

void funlockfile(FILE *f)
{
    __stdio_unlock(f);
}
