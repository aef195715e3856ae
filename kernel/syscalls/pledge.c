/* pledge: a process narrows the calls it may make; breaking the promise is
 * fatal (SIGABRT), and the missing promise is reported. */
#include "kernel/api/pledge.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/signal_numbers.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/thread.h"

#define PROMISE_NAME(name) #name,
static const char *const promise_names[PLEDGE_BIT_COUNT] = { KESTREL_PROMISES(PROMISE_NAME) };
#undef PROMISE_NAME

bool pledge_allows(const struct process *p, uint32_t promise)
{
    if (!p->prot->has_promises || promise == PLEDGE_ALWAYS)
        return true;
    return (p->prot->promises & promise) == promise;
}

void pledge_violation(struct process *p, const char *syscall, uint32_t promise)
{
    const char *missing = "?";
    for (unsigned b = 0; b < PLEDGE_BIT_COUNT; b++)
        if ((promise & (1u << b)) && !(p->prot->promises & (1u << b)))
            missing = promise_names[b];
    printk("pledge: process %s (pid %d) called %s without the \"%s\" promise; killed with SIGABRT\n",
           p->name, process_pid(p), syscall, missing);
    process_die(p, 0, KSIG_ABRT);
}
