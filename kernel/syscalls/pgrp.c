/* Process groups and sessions with POSIX's rules. pgid and sid live in the
 * protected data; the id table keeps every number in use as a group or
 * session reserved. */
#include "kernel/errno.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/syscalls/pgrp.h"

struct group_probe {
    int pgid, sid;
    bool exists_in_session;     /* a live process has pgid in session sid */
    bool used_as_group;         /* any process has this number as its pgid */
};

static void group_probe_one(struct process *p, void *arg)
{
    struct group_probe *g = arg;
    if (p->state == PROCESS_ZOMBIE || process_is_kernel(p))
        return;
    if (p->prot->pgid == g->pgid) {
        g->used_as_group = true;
        if (p->prot->sid == g->sid)
            g->exists_in_session = true;
    }
}

void process_set_group_ids(struct process *p, int pgid, int sid)
{
    int old_pgid = p->prot->pgid, old_sid = p->prot->sid;
    id_table_group_ref(pgid);
    id_table_group_ref(sid);
    process_protected_unlock(p);
    process_protected_mut(p)->pgid = pgid;
    process_protected_mut(p)->sid = sid;
    process_protected_lock(p);
    id_table_group_unref(old_pgid);
    id_table_group_unref(old_sid);
}

long sys_setpgid(int pid, int pgid)
{
    struct process *self = process_current();
    if (pgid < 0)
        return -EINVAL;
    if (pid == 0)
        pid = process_pid(self);
    struct process *p = process_from_pid(pid);
    if (!p)
        return -ESRCH;
    long rc = 0;
    if (pgid == 0)
        pgid = pid;
    /* The caller or one of its children, and nothing else. */
    if (p != self && (p->parent != self || p->state == PROCESS_ZOMBIE))
        rc = -ESRCH;
    else if (p != self && p->did_exec)
        rc = -EACCES;
    else if (p->prot->sid != self->prot->sid || p->prot->sid == process_pid(p))
        rc = -EPERM;    /* another session, or a session leader */
    else if (pgid != pid) {
        struct group_probe g = { .pgid = pgid, .sid = self->prot->sid };
        process_for_each(group_probe_one, &g);
        if (!g.exists_in_session)
            rc = -EPERM;
    }
    if (rc == 0 && p->prot->pgid != pgid)
        process_set_group_ids(p, pgid, p->prot->sid);
    process_put(p);
    return rc;
}

long sys_getpgid(int pid)
{
    if (pid == 0)
        return process_current()->prot->pgid;
    struct process *p = process_from_pid(pid);
    if (!p || process_is_kernel(p)) {
        if (p)
            process_put(p);
        return -ESRCH;
    }
    long pgid = p->prot->pgid;
    process_put(p);
    return pgid;
}

long sys_getsid(int pid)
{
    if (pid == 0)
        return process_current()->prot->sid;
    struct process *p = process_from_pid(pid);
    if (!p || process_is_kernel(p)) {
        if (p)
            process_put(p);
        return -ESRCH;
    }
    long sid = p->prot->sid;
    process_put(p);
    return sid;
}

long sys_setsid(void)
{
    struct process *self = process_current();
    int pid = process_pid(self);
    struct group_probe g = { .pgid = pid, .sid = -1 };
    process_for_each(group_probe_one, &g);
    /* A group leader, or anyone whose group carries our number, may not. */
    if (self->prot->pgid == pid || g.used_as_group)
        return -EPERM;
    process_set_group_ids(self, pid, pid);
    process_session_detach_tty(self);
    return pid;
}
