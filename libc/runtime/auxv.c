/* The auxiliary vector: found once at start-up, read by getauxval. */
#include <errno.h>
#include <sys/auxv.h>

#include "../internal/runtime.h"

const uintptr_t *__libc_auxv;

void __libc_init_auxv(char **envp)
{
    /* The vector starts right after the environment's terminating NULL. */
    char **p = envp;
    while (*p)
        p++;
    __libc_auxv = (const uintptr_t *)(p + 1);
}

unsigned long getauxval(unsigned long type)
{
    if (__libc_auxv && type != AT_NULL) {
        for (const uintptr_t *a = __libc_auxv; a[0] != AT_NULL; a += 2) {
            if (a[0] == type)
                return a[1];
        }
    }
    errno = ENOENT;
    return 0;
}
