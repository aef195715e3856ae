/* Program start-up: crt0's _start hands over argc, argv and envp, and this
 * turns them into a running C program. Order matters: the thread control
 * block (and with it errno) comes first, constructors run with everything
 * else ready, and main's return value goes to exit() so that atexit
 * handlers and stdio flushing happen. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../internal/runtime.h"

int main(int argc, char **argv, char **envp);
_Noreturn void __libc_start_main(int argc, char **argv, char **envp);

char *program_invocation_name = "";
char *program_invocation_short_name = "";

typedef void (*init_fn)(int, char **, char **);
/* Defined by the linker script (libc/arch/i386/kestrel.ld). */
extern init_fn __preinit_array_start[] __attribute__((visibility("hidden")));
extern init_fn __preinit_array_end[] __attribute__((visibility("hidden")));
extern init_fn __init_array_start[] __attribute__((visibility("hidden")));
extern init_fn __init_array_end[] __attribute__((visibility("hidden")));

static void run_constructors(int argc, char **argv, char **envp)
{
    for (init_fn *f = __preinit_array_start; f < __preinit_array_end; f++)
        (*f)(argc, argv, envp);
    for (init_fn *f = __init_array_start; f < __init_array_end; f++)
        (*f)(argc, argv, envp);
}

_Noreturn void __libc_start_main(int argc, char **argv, char **envp)
{
    environ = envp;
    __libc_init_auxv(envp);
    if (argc > 0 && argv[0]) {
        program_invocation_name = argv[0];
        char *slash = strrchr(argv[0], '/');
        program_invocation_short_name = slash ? slash + 1 : argv[0];
    }
    __libc_init_tls();
    run_constructors(argc, argv, envp);
    exit(main(argc, argv, environ));
}
