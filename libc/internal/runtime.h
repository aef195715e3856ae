/* Private to libc: what the start-up code, exit and the rest of the runtime
 * share. */
#ifndef LIBC_INTERNAL_RUNTIME_H
#define LIBC_INTERNAL_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

/* The auxiliary vector, found after the environment at start-up. */
extern const uintptr_t *__libc_auxv;
void __libc_init_auxv(char **envp);

/* Installs the main thread's control block and TLS; see tls.c. */
void __libc_init_tls(void);

/* Writes straight to descriptor 2, bypassing stdio: usable anywhere,
 * including start-up and fatal paths. */
void __libc_write_stderr(const char *s, size_t n);
/* Reports "program: message" on stderr and ends the process with 127. */
_Noreturn void __libc_fatal(const char *message);

/* Hooks that exist only when the program links the part that defines them
 * (weak references never pull a member out of the archive). */
void __stdio_exit(void) __attribute__((weak));

/* Lock hooks: no-ops in single-threaded programs, real locks once the
 * thread library is linked in (libc/pthread/libc_locks.c). */
void __libc_lock_malloc(void);
void __libc_unlock_malloc(void);
void __libc_lock_atexit(void);
void __libc_unlock_atexit(void);

/* fork() bookkeeping provided by the thread library, when linked. */
void __libc_fork_prepare(void) __attribute__((weak));
void __libc_fork_parent(void) __attribute__((weak));
void __libc_fork_child(void) __attribute__((weak));

#endif
