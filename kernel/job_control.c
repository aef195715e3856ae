/* Group-wide signals and orphaned process groups. Members are found by
 * walking the process table, which is short next to the cost of a signal. */
#include "kernel/job_control.h"
#include "kernel/errno.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/signal.h"

#define INIT_PID 1

static bool process_is_member(const struct process *p)
{
    return p->state == PROCESS_ALIVE && !process_is_kernel(p);
}

struct group_send {
    int pgid;               /* 0: every process (kill -1) */
    int sig;
    const struct process *sender;
    const struct signal_info *info;
    int sent, members;
};

/* Runs under the id table's lock: signal_send_process only takes spinlocks. */
static void group_send_one(struct process *p, void *arg)
{
    struct group_send *g = arg;
    if (!process_is_member(p))
        return;
    if (g->pgid) {
        if (p->prot->pgid != g->pgid)
            return;
    } else if (p->prot->pid == INIT_PID || p == g->sender) {
        return;
    }
    g->members++;
    if (g->sender && !signal_permitted(g->sender, p, g->sig))
        return;
    signal_send_process(p, g->sig, g->info);
    g->sent++;
}

static int group_send_result(const struct group_send *g)
{
    if (g->members == 0)
        return -ESRCH;
    return g->sent ? g->sent : -EPERM;
}

int job_control_signal_group(int pgid, int sig, const struct process *sender, const struct signal_info *info)
{
    struct group_send g = { pgid, sig, sender, info, 0, 0 };
    process_for_each(group_send_one, &g);
    return group_send_result(&g);
}

int job_control_signal_all(int sig, const struct process *sender, const struct signal_info *info)
{
    struct group_send g = { 0, sig, sender, info, 0, 0 };
    process_for_each(group_send_one, &g);
    return group_send_result(&g);
}

struct orphan_check {
    int pgid;
    bool linked;        /* some member's parent is outside the group, inside the session */
    bool any_stopped;
    bool any_member;
};

static void orphan_check_one(struct process *p, void *arg)
{
    struct orphan_check *o = arg;
    if (!process_is_member(p) || p->prot->pgid != o->pgid)
        return;
    o->any_member = true;
    if (p->stopped)
        o->any_stopped = true;
    /* The parent is read without the tree lock: a racing reparent makes
     * the answer stale, not unsafe, since a process object outlives the
     * table lock held here (it is freed only after leaving the table). */
    const struct process *parent = p->parent;
    if (parent && parent->state == PROCESS_ALIVE && parent->prot->pgid != o->pgid &&
        parent->prot->sid == p->prot->sid)
        o->linked = true;
}

bool job_control_group_orphaned(int pgid)
{
    struct orphan_check o = { .pgid = pgid };
    process_for_each(orphan_check_one, &o);
    return o.any_member && !o.linked;
}

static void hangup_if_orphaned_and_stopped(int pgid)
{
    struct orphan_check o = { .pgid = pgid };
    process_for_each(orphan_check_one, &o);
    if (!o.any_member || o.linked || !o.any_stopped)
        return;
    struct signal_info info = { .code = SI_KERNEL };
    job_control_signal_group(pgid, SIGHUP, NULL, &info);
    job_control_signal_group(pgid, SIGCONT, NULL, &info);
}

void job_control_process_exited(struct process *p, const int *child_groups, unsigned count)
{
    if (process_is_kernel(p))
        return;
    hangup_if_orphaned_and_stopped(p->prot->pgid);
    for (unsigned i = 0; i < count; i++) {
        bool seen = child_groups[i] == p->prot->pgid;
        for (unsigned j = 0; j < i && !seen; j++)
            seen = child_groups[j] == child_groups[i];
        if (!seen)
            hangup_if_orphaned_and_stopped(child_groups[i]);
    }
}
