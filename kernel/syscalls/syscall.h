/* Shared by the system call implementations. */
#ifndef KERNEL_SYSCALLS_SYSCALL_H
#define KERNEL_SYSCALLS_SYSCALL_H
#include <stdbool.h>
#include <stdint.h>

struct process;

void syscall_init(void);
void futex_init(void);
const char *syscall_name(unsigned number);
bool syscall_implemented(unsigned number);
bool syscall_restartable_after_handler(unsigned number);

/* Whether the process's pledge covers `promise` (always true before pledge). */
bool pledge_allows(const struct process *p, uint32_t promise);
/* Kills the process with SIGABRT and reports the missing promise. */
void pledge_violation(struct process *p, const char *syscall, uint32_t promise);
/* execve: the exec promises (if any) become the promises. */
void pledge_exec_transition(struct process *p);
#endif
