/* Process groups and sessions as signals see them. */
#ifndef KERNEL_JOB_CONTROL_H
#define KERNEL_JOB_CONTROL_H
#include <stdbool.h>
struct process;
struct signal_info;

/* Sends sig to every live process in group pgid that `sender` may signal
 * (sender NULL: the kernel, no checks). Returns how many got it, -ESRCH when
 * the group has no live member, -EPERM when none could be signalled. */
int job_control_signal_group(int pgid, int sig, const struct process *sender, const struct signal_info *info);
/* kill(-1, sig): everyone the sender may signal except init, kernel
 * processes and the sender itself. */
int job_control_signal_all(int sig, const struct process *sender, const struct signal_info *info);
/* POSIX: no member has a parent in another group of the same session. */
bool job_control_group_orphaned(int pgid);
#define JOB_CONTROL_MAX_GROUPS 16
/* After a process ended (its children, whose groups are listed, already
 * reparented): groups that just became orphaned and hold stopped members
 * get SIGHUP, then SIGCONT. */
void job_control_process_exited(struct process *p, const int *child_groups, unsigned count);
#endif
