/* The wait family, all on waitid. waitpid's status word is rebuilt from the
 * siginfo the kernel reports (see kernel/api/wait.h). */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#include "../internal/syscall.h"

/* waitid proper returns 0; the kernel's positive result is the child. */
int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options)
{
    long r = __syscall4(SYS_waitid, idtype, __SC(id), __SC(info), options);
    return __syscall_ret(r) < 0 ? -1 : 0;
}

static int encode_status(const siginfo_t *si)
{
    switch (si->si_code) {
    case CLD_EXITED: return (si->si_status & 0xff) << 8;
    case CLD_KILLED: return si->si_status & 0x7f;
    case CLD_DUMPED: return (si->si_status & 0x7f) | 0x80;
    case CLD_STOPPED:
    case CLD_TRAPPED: return ((si->si_status & 0xff) << 8) | 0x7f;
    case CLD_CONTINUED: return 0xffff;
    default: return 0;
    }
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED)) {
        errno = EINVAL;
        return -1;
    }
    idtype_t type = P_PID;
    id_t id = (id_t)pid;
    if (pid == -1) {
        type = P_ALL;
        id = 0;
    } else if (pid == 0) {
        type = P_PGID;  /* 0: the caller's own group */
        id = 0;
    } else if (pid < -1) {
        type = P_PGID;
        id = (id_t)-pid;
    }
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    if (waitid(type, id, &si, options | WEXITED) < 0)
        return -1;
    if (si.si_pid == 0)  /* WNOHANG and nothing to report */
        return 0;
    if (status)
        *status = encode_status(&si);
    return si.si_pid;
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}
