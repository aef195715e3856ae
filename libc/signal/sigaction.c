/* Signal dispositions and masks. Handlers need no libc restorer: the kernel
 * runs them from its own trampoline, which makes the sigreturn call (see
 * kernel/api/ucontext.h), so sigreturn has no wrapper here. */
#include <signal.h>
#include <stddef.h>
#include <time.h>

#include "../internal/syscall.h"

int sigaction(int sig, const struct sigaction *restrict act,
              struct sigaction *restrict oldact)
{
    return (int)__syscall_ret(
        __syscall3(SYS_sigaction, sig, __SC(act), __SC(oldact)));
}

/* BSD semantics, like other modern systems: the handler stays installed
 * and interrupted system calls restart. */
sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction sa = { .sa_handler = handler, .sa_flags = SA_RESTART };
    struct sigaction old;
    if (sigaction(sig, &sa, &old) < 0)
        return SIG_ERR;
    return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *restrict set, sigset_t *restrict oldset)
{
    return (int)__syscall_ret(
        __syscall3(SYS_sigprocmask, how, __SC(set), __SC(oldset)));
}

/* The kernel's mask is per thread already; only the error convention
 * differs. */
int pthread_sigmask(int how, const sigset_t *restrict set,
                    sigset_t *restrict oldset)
{
    long r = __syscall3(SYS_sigprocmask, how, __SC(set), __SC(oldset));
    return __syscall_failed(r) ? (int)-r : 0;
}

int sigpending(sigset_t *set)
{
    return (int)__syscall_ret(__syscall1(SYS_sigpending, __SC(set)));
}

int sigsuspend(const sigset_t *mask)
{
    return (int)__syscall_ret(__syscall1(SYS_sigsuspend, __SC(mask)));
}

int sigaltstack(const stack_t *restrict ss, stack_t *restrict old)
{
    return (int)__syscall_ret(__syscall2(SYS_sigaltstack, __SC(ss), __SC(old)));
}

int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info,
                 const struct timespec *restrict timeout)
{
    return (int)__syscall_ret(
        __syscall3(SYS_sigtimedwait, __SC(set), __SC(info), __SC(timeout)));
}

int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info)
{
    return sigtimedwait(set, info, NULL);
}

/* Returns the error number itself, as POSIX specifies for sigwait. */
int sigwait(const sigset_t *restrict set, int *restrict sig)
{
    for (;;) {
        long r = __syscall3(SYS_sigtimedwait, __SC(set), 0, 0);
        if (r == -EINTR)
            continue;
        if (__syscall_failed(r))
            return (int)-r;
        *sig = (int)r;
        return 0;
    }
}

/* No mask change: the current mask, with all the usual signals allowed in. */
int pause(void)
{
    sigset_t current;
    if (sigprocmask(SIG_BLOCK, NULL, &current) < 0)
        return -1;
    return sigsuspend(&current);
}
