/* pledge: a process narrows the calls it may make; breaking the promise is
 * fatal (SIGABRT), and the missing promise is reported. */
#include "kernel/api/pledge.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/signal_numbers.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"
#include <string.h>

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

#define PLEDGE_STRING_MAX 512

/* Parses a space-separated list of promise names; -EINVAL for an unknown one. */
static int pledge_parse(const char *text, uint32_t *out)
{
    uint32_t set = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        size_t len = (size_t)(p - word);
        if (len == 0)
            continue;
        unsigned b = 0;
        while (b < PLEDGE_BIT_COUNT && !(strlen(promise_names[b]) == len && strncmp(promise_names[b], word, len) == 0))
            b++;
        if (b == PLEDGE_BIT_COUNT)
            return -EINVAL;
        set |= 1u << b;
    }
    *out = set;
    return 0;
}

/* Reads one promise argument: NULL leaves that set unchanged. */
static int pledge_argument(user_ptr_t ptr, bool *given, uint32_t *set)
{
    *given = !user_ptr_is_null(ptr);
    if (!*given)
        return 0;
    char text[PLEDGE_STRING_MAX];
    long n = strncpy_from_user(text, ptr, sizeof(text));
    if (n < 0)
        return n == -ENAMETOOLONG ? -EINVAL : (int)n;
    return pledge_parse(text, set);
}

/* pledge(promises, execpromises): a process may only ever narrow them. */
long sys_pledge(user_ptr_t promises_ptr, user_ptr_t exec_ptr)
{
    bool have_promises, have_exec;
    uint32_t promises = 0, exec_promises = 0;
    int rc = pledge_argument(promises_ptr, &have_promises, &promises);
    if (rc == 0)
        rc = pledge_argument(exec_ptr, &have_exec, &exec_promises);
    if (rc < 0)
        return rc;
    struct process *p = process_current();
    const struct process_protected *d = p->prot;
    if (have_promises && d->has_promises && (promises & ~d->promises))
        return -EPERM;
    if (have_exec && d->has_exec_promises && (exec_promises & ~d->exec_promises))
        return -EPERM;
    process_protected_unlock(p);
    struct process_protected *m = process_protected_mut(p);
    if (have_promises) {
        m->has_promises = true;
        m->promises = promises;
    }
    if (have_exec) {
        m->has_exec_promises = true;
        m->exec_promises = exec_promises;
    }
    process_protected_lock(p);
    return 0;
}

void pledge_exec_transition(struct process *p)
{
    process_protected_unlock(p);
    struct process_protected *m = process_protected_mut(p);
    m->has_promises = m->has_exec_promises;
    m->promises = m->exec_promises;
    process_protected_lock(p);
}
