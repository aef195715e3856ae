/* Creating and replacing processes, and process groups and sessions. */
#include <unistd.h>

#include "../internal/runtime.h"
#include "../internal/syscall.h"
#include "../internal/tcb.h"

pid_t fork(void)
{
    /* With threads, locks another thread holds would stay held forever in
     * the child: the thread library takes them all around the fork. */
    if (__libc_fork_prepare)
        __libc_fork_prepare();
    long r = __syscall0(SYS_fork);
    if (r == 0) {
        /* The child's only thread has a new id. */
        __libc_self()->tid = (int)__syscall0(SYS_gettid);
        if (__libc_fork_child)
            __libc_fork_child();
    } else if (__libc_fork_parent) {
        __libc_fork_parent();
    }
    return (pid_t)__syscall_ret(r);
}

/* The child gets a copy of the address space, so vfork's restrictions are
 * merely respected, never relied on. */
pid_t vfork(void)
{
    return fork();
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    return (int)__syscall_ret(
        __syscall3(SYS_execve, __SC(path), __SC(argv), __SC(envp)));
}

pid_t getpgid(pid_t pid)
{
    return (pid_t)__syscall_ret(__syscall1(SYS_getpgid, pid));
}

int setpgid(pid_t pid, pid_t pgid)
{
    return (int)__syscall_ret(__syscall2(SYS_setpgid, pid, pgid));
}

pid_t getpgrp(void)
{
    return getpgid(0);
}

int setpgrp(void)
{
    return setpgid(0, 0);
}

pid_t getsid(pid_t pid)
{
    return (pid_t)__syscall_ret(__syscall1(SYS_getsid, pid));
}

pid_t setsid(void)
{
    return (pid_t)__syscall_ret(__syscall0(SYS_setsid));
}
