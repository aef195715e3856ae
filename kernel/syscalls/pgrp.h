/* Process groups and sessions: the step setpgid and setsid share, for the
 * kernel code (and tests) that must move a process without their rules. */
#ifndef KERNEL_SYSCALLS_PGRP_H
#define KERNEL_SYSCALLS_PGRP_H

struct process;

/* Moves p to group pgid in session sid, keeping the id table's reservation
 * of every group and session number in use. No permission checks. */
void process_set_group_ids(struct process *p, int pgid, int sid);

#endif
