/* waitid: the only wait call; libc builds waitpid and wait on it. */
#include "kernel/api/signal.h"
#include "kernel/api/wait.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/uaccess.h"
#include <string.h>

#define WAIT_KNOWN_OPTIONS (WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT)

long sys_waitid(int idtype, int id, user_ptr_t info, int options)
{
    if ((options & ~WAIT_KNOWN_OPTIONS) || !(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    if (idtype == P_PID && id <= 0)
        return -EINVAL;
    if (!user_ptr_is_null(info) && !user_range_ok(info, sizeof(siginfo_t)))
        return -EFAULT;
    struct wait_result r;
    int rc = process_wait(process_current(), idtype, id, options, &r);
    if (rc < 0)
        return rc;
    if (user_ptr_is_null(info))
        return rc;
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    if (rc > 0) {
        si.si_signo = SIGCHLD;
        si.si_pid = r.pid;
        si.si_uid = r.uid;
        si.si_code = r.code;
        si.si_status = r.code == CLD_EXITED ? r.exit_status : r.signal;
    }
    return copy_to_user(info, &si, sizeof(si)) < 0 ? -EFAULT : rc;
}
