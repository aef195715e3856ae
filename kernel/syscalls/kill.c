/* kill: to a process, the caller's group, every process, or a group. */
#include "kernel/errno.h"
#include "kernel/job_control.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/signal.h"

long sys_kill(int pid, int sig)
{
    if (sig < 0 || sig >= NSIG)
        return -EINVAL;
    struct process *self = process_current();
    struct signal_info info = { .code = SI_USER, .pid = process_pid(self), .uid = self->prot->uid };
    if (pid > 0) {
        struct process *p = process_from_pid(pid);
        if (!p || process_is_kernel(p)) {
            if (p)
                process_put(p);
            return -ESRCH;
        }
        /* A zombie still exists until it is reaped (kill(pid, 0) probes
         * rely on that); a signal to it has nothing left to act on. */
        long rc = !signal_permitted(self, p, sig) ? -EPERM
                  : p->state == PROCESS_ZOMBIE   ? 0
                                                 : signal_send_process(p, sig, &info);
        process_put(p);
        return rc;
    }
    int rc;
    if (pid == 0)
        rc = job_control_signal_group(self->prot->pgid, sig, self, &info);
    else if (pid == -1)
        rc = job_control_signal_all(sig, self, &info);
    else
        rc = pid == -2147483647 - 1 ? -ESRCH : job_control_signal_group(-pid, sig, self, &info);
    return rc < 0 ? rc : 0;
}
