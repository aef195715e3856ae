/* Controlling terminals and job control. A session has at most one
 * controlling terminal and a terminal controls at most one session; the
 * link is the terminal's `session` field (a session id), so every member of
 * the session finds its terminal by its sid. The link is cut when the
 * session leader exits, gives the terminal up, or the terminal is hung up. */
#include "drivers/tty/tty.h"
#include "kernel/api/signal.h"
#include "kernel/errno.h"
#include "kernel/job_control.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/thread.h"

void tty_signal_group(int pgid, int sig)
{
    struct signal_info info = { .code = SI_KERNEL };
    job_control_signal_group(pgid, sig, NULL, &info);
}

void tty_signal_session_leader(int sid, int sig)
{
    int pid = sid;
    struct process *p = process_from_pid(pid);
    if (!p)
        return;
    struct signal_info info = { .code = SI_KERNEL };
    if (!process_is_kernel(p))
        signal_send_process(p, sig, &info);
    process_put(p);
}

void tty_signal_foreground(struct tty *tty, int sig)
{
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    int fg = tty->fg_pgrp;
    spin_unlock_irqrestore(&tty->lock, fl);
    if (fg > 0)
        tty_signal_group(fg, sig);
}

bool tty_is_controlling(struct tty *tty, const struct process *p)
{
    if (process_is_kernel(p))
        return false;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    bool yes = tty->session != 0 && tty->session == p->prot->sid;
    spin_unlock_irqrestore(&tty->lock, fl);
    return yes;
}

struct session_find {
    int sid;
    struct tty *found;
};

static void session_find_one(struct tty *tty, void *arg)
{
    struct session_find *s = arg;
    if (!s->found && tty->session == s->sid)
        s->found = tty;
}

/* tty_registry_lock held. The terminal session sid controls, or NULL. */
static struct tty *session_tty_locked(int sid)
{
    ASSERT_HELD(&tty_registry_lock);
    struct session_find s = { sid, NULL };
    if (sid > 0)
        tty_for_each_locked(session_find_one, &s);
    return s.found;
}

struct tty *tty_controlling(struct process *p)
{
    if (process_is_kernel(p))
        return NULL;
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    struct tty *tty = session_tty_locked(p->prot->sid);
    if (tty && !tty_try_get_locked(tty))
        tty = NULL;
    spin_unlock_irqrestore(&tty_registry_lock, fl);
    return tty;
}

/* Both locks held: links tty and session sid with foreground group pgid. */
static void link_session(struct tty *tty, int sid, int pgid)
{
    ASSERT_HELD(&tty_registry_lock);
    spin_lock_irqsave(&tty->lock);
    tty->session = sid;
    tty->fg_pgrp = pgid;
    spin_unlock_irqrestore(&tty->lock, 0);
    /* Blocked readers and writers may have just moved to the background. */
    wait_queue_wake_all(&tty->read_wq);
    wait_queue_wake_all(&tty->write_wq);
}

static bool is_session_leader(const struct process *p)
{
    return !process_is_kernel(p) && p->prot->sid == p->prot->pid;
}

void tty_acquire_controlling(struct tty *tty, struct process *p)
{
    if (!is_session_leader(p))
        return;
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    if (tty->session == 0 && !session_tty_locked(p->prot->sid))
        link_session(tty, p->prot->sid, p->prot->pgid);
    spin_unlock_irqrestore(&tty_registry_lock, fl);
}

int tty_set_controlling(struct tty *tty, struct process *p, bool steal)
{
    if (!is_session_leader(p))
        return -EPERM;
    int sid = p->prot->sid;
    int rc = 0;
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    struct tty *current = session_tty_locked(sid);
    if (current == tty) {
        rc = 0;
    } else if (current) {
        rc = -EPERM;        /* the session already has a terminal */
    } else if (tty->session != 0 && !(steal && p->prot->euid == 0)) {
        rc = -EPERM;        /* another session's terminal */
    } else {
        /* Taken from another session (root's TIOCSCTTY 1): that session
         * simply has no terminal any more. */
        link_session(tty, sid, p->prot->pgid);
    }
    spin_unlock_irqrestore(&tty_registry_lock, fl);
    return rc;
}

int tty_attach_session(struct tty *tty, int sid, int fg_pgrp)
{
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    struct tty *current = session_tty_locked(sid);
    int rc = 0;
    if (current && current != tty)
        rc = -EBUSY;
    else
        link_session(tty, sid, fg_pgrp);
    spin_unlock_irqrestore(&tty_registry_lock, fl);
    return rc;
}

int tty_give_up_controlling(struct tty *tty, struct process *p)
{
    if (!tty_is_controlling(tty, p))
        return -ENOTTY;
    /* Only the leader can cut the session's link; another member's
     * TIOCNOTTY succeeds without effect (the link is per session). */
    if (!is_session_leader(p))
        return 0;
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    int fg = 0;
    if (tty->session == p->prot->sid) {
        fg = tty->fg_pgrp;
        link_session(tty, 0, 0);
    }
    spin_unlock_irqrestore(&tty_registry_lock, fl);
    if (fg > 0) {
        tty_signal_group(fg, SIGHUP);
        tty_signal_group(fg, SIGCONT);
    }
    return 0;
}

struct group_probe {
    int pgid, sid;
    bool found;
};

static void group_probe_one(struct process *p, void *arg)
{
    struct group_probe *g = arg;
    if (p->state != PROCESS_ZOMBIE && !process_is_kernel(p) && p->prot->pgid == g->pgid &&
        p->prot->sid == g->sid)
        g->found = true;
}

int tty_set_foreground(struct tty *tty, struct process *p, int pgrp)
{
    if (!tty_is_controlling(tty, p))
        return -ENOTTY;
    if (pgrp < 0)
        return -EINVAL;
    struct group_probe g = { pgrp, p->prot->sid, false };
    process_for_each(group_probe_one, &g);
    if (!g.found)
        return -EPERM;
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    int rc = -ENOTTY;
    if (tty->session == p->prot->sid) {
        link_session(tty, tty->session, pgrp);
        rc = 0;
    }
    spin_unlock_irqrestore(&tty_registry_lock, fl);
    return rc;
}

/* Whether the calling thread ignores or blocks sig. */
static bool signal_ignored_or_blocked(struct process *p, struct thread *t, int sig)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    bool yes = p->signal_actions[sig].handler == (uintptr_t)SIG_IGN || (t->signal_mask & SIGSET_BIT(sig));
    spin_unlock_irqrestore(&p->lock, fl);
    return yes;
}

bool tty_caller_in_background(const struct tty *tty)
{
    const struct process *p = process_current();
    if (process_is_kernel(p))
        return false;
    int session = __atomic_load_n(&tty->session, __ATOMIC_RELAXED);
    int fg = __atomic_load_n(&tty->fg_pgrp, __ATOMIC_RELAXED);
    return session != 0 && session == p->prot->sid && fg != 0 && fg != p->prot->pgid;
}

int tty_job_control_check(struct tty *tty, int sig)
{
    ASSERT(sig == SIGTTIN || sig == SIGTTOU);
    struct process *p = process_current();
    if (process_is_kernel(p))
        return 0;
    irqflags_t fl = spin_lock_irqsave(&tty->lock);
    int session = tty->session, fg = tty->fg_pgrp;
    spin_unlock_irqrestore(&tty->lock, fl);
    int pgid = p->prot->pgid;
    if (session == 0 || p->prot->sid != session || fg == 0 || fg == pgid)
        return 0;
    if (signal_ignored_or_blocked(p, thread_current(), sig))
        return sig == SIGTTIN ? -EIO : 0;
    if (job_control_group_orphaned(pgid))
        return -EIO;
    tty_signal_group(pgid, sig);
    return -EINTR;
}

void tty_session_leader_exited(struct process *p)
{
    if (!is_session_leader(p))
        return;
    struct tty *tty = tty_controlling(p);
    if (!tty)
        return;
    tty_hangup(tty);
    tty_put(tty);
}

/* setsid: the new session starts without a terminal. A terminal still
 * naming this number (left over from an earlier session with the same id)
 * lets go of it. */
void process_session_detach_tty(struct process *p)
{
    int sid = p->prot->sid;
    irqflags_t fl = spin_lock_irqsave(&tty_registry_lock);
    struct tty *tty = session_tty_locked(sid);
    if (tty)
        link_session(tty, 0, 0);
    spin_unlock_irqrestore(&tty_registry_lock, fl);
}
