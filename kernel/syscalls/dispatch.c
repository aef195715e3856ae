/* The int 0x82 gate: look the call up in the table generated from
 * kernel/api/syscall_list.h, check the caller's pledge, run it. */
#include "arch/x86/interrupts.h"
#include "kernel/api/pledge.h"
#include "kernel/api/syscall_list.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/thread.h"

/* Every handler is declared weak here with the generic five-word shape the
 * gate calls it with; a listed call without an implementation yet stays NULL
 * and answers -ENOSYS. (On i386 every argument is one stack word, so a
 * handler with fewer or typed parameters reads them correctly.) */
#define SYSCALL_DECLARE(name, promise) \
    extern long sys_##name(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t) __attribute__((weak));
KESTREL_SYSCALLS(SYSCALL_DECLARE)
#undef SYSCALL_DECLARE

typedef long (*syscall_handler_fn)(uint32_t, uint32_t, uint32_t, uint32_t, uint32_t);

struct syscall_entry {
    syscall_handler_fn handler;
    const char *name;
    uint32_t promise;
};

#define SYSCALL_ENTRY(name, promise) [SYS_##name] = { sys_##name, #name, promise },
static const struct syscall_entry syscall_table[SYSCALL_COUNT] = { KESTREL_SYSCALLS(SYSCALL_ENTRY) };
#undef SYSCALL_ENTRY

const char *syscall_name(unsigned number)
{
    return number < SYSCALL_COUNT ? syscall_table[number].name : NULL;
}

/* Calls that must not be restarted once a handler has run, whatever
 * SA_RESTART says: waiting for a signal (sigsuspend, sigtimedwait) is
 * their purpose, and timed waits (poll, sleeping, futex) report EINTR so
 * the caller can recompute its timeout (POSIX). */
bool syscall_restartable_after_handler(unsigned number)
{
    switch (number) {
    case SYS_sigsuspend:
    case SYS_sigtimedwait:
    case SYS_poll:
    case SYS_clock_nanosleep:
    case SYS_futex:
        return false;
    default:
        return true;
    }
}

bool syscall_implemented(unsigned number)
{
    return number < SYSCALL_COUNT && syscall_table[number].handler != NULL;
}

static void syscall_trap(struct trap_frame *f)
{
    if (!trap_from_user(f))
        panic("int 0x82 from kernel mode at eip %08x", f->eip);
    struct thread *self = thread_current();
    self->user_frame = f;
    /* The gate is an interrupt gate; system calls run with interrupts on. */
    irq_enable();
    uint32_t number = f->eax;
    self->syscall_number = (int)number;
    long rc;
    if (number >= SYSCALL_COUNT || !syscall_table[number].handler) {
        rc = -ENOSYS;
    } else if (!pledge_allows(self->process, syscall_table[number].promise)) {
        pledge_violation(self->process, syscall_table[number].name, syscall_table[number].promise);
        rc = -ENOSYS;   /* not seen: the process is dying */
    } else {
        rc = syscall_table[number].handler(f->ebx, f->ecx, f->edx, f->esi, f->edi);
    }
    /* A handler that replaced the frame (execve, sigreturn) sets eax itself. */
    /* A call interrupted by a signal may be restarted on the way out. */
    self->syscall_interrupted = rc == -EINTR && !self->frame_replaced;
    if (!self->frame_replaced)
        f->eax = (uint32_t)rc;
    self->frame_replaced = false;
    irq_disable();
}

void syscall_init(void)
{
    trap_register(SYSCALL_INT_VECTOR, syscall_trap);
}
