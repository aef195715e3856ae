/* Sending signals. The kernel addresses processes and process groups, not
 * threads, so raise() signals the whole process; in a single-threaded
 * program that is the same thing. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "../internal/syscall.h"

int kill(pid_t pid, int sig)
{
    return (int)__syscall_ret(__syscall2(SYS_kill, pid, sig));
}

int killpg(pid_t pgrp, int sig)
{
    if (pgrp < 0) {
        errno = EINVAL;
        return -1;
    }
    return kill(-pgrp, sig);
}

int raise(int sig)
{
    return kill(getpid(), sig);
}
