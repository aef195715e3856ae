/* Signal dispositions, masks, waiting for signals, alternate stacks. */
#include "kernel/api/signal.h"
#include "kernel/api/time.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"
#include "mm/layout.h"
#include <string.h>

#define SA_KNOWN (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_RESTORER | SA_ONSTACK | SA_RESTART | SA_NODEFER | \
                  SA_RESETHAND)

long sys_sigaction(int sig, user_ptr_t new_ptr, user_ptr_t old_ptr)
{
    if (sig <= 0 || sig >= NSIG)
        return -EINVAL;
    struct sigaction sa;
    if (!user_ptr_is_null(new_ptr)) {
        if (copy_from_user(&sa, new_ptr, sizeof(sa)) < 0)
            return -EFAULT;
        if (sig == SIGKILL || sig == SIGSTOP)
            return -EINVAL;
        if ((uint32_t)sa.sa_flags & ~SA_KNOWN)
            return -EINVAL;
        uintptr_t h = (uintptr_t)sa.sa_handler;
        if (h > (uintptr_t)SIG_IGN && (h < USER_SPACE_START || h >= USER_SPACE_END))
            return -EFAULT;
    }
    struct process *p = process_current();
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct signal_action old = p->signal_actions[sig];
    if (!user_ptr_is_null(new_ptr)) {
        struct signal_action *a = &p->signal_actions[sig];
        a->handler = (uintptr_t)sa.sa_handler;
        a->mask = sa.sa_mask & ~SIGNAL_UNBLOCKABLE;
        a->flags = (uint32_t)sa.sa_flags;
        /* POSIX: setting SIG_IGN discards what is pending for it. */
        if (a->handler == (uintptr_t)SIG_IGN)
            p->signals_pending &= ~SIGSET_BIT(sig);
    }
    spin_unlock_irqrestore(&p->lock, fl);
    if (!user_ptr_is_null(old_ptr)) {
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = (void (*)(int))old.handler;
        sa.sa_mask = old.mask;
        sa.sa_flags = (int)old.flags;
        if (copy_to_user(old_ptr, &sa, sizeof(sa)) < 0)
            return -EFAULT;
    }
    return 0;
}

long sys_sigprocmask(int how, user_ptr_t set_ptr, user_ptr_t old_ptr)
{
    struct thread *t = thread_current();
    sigset_t set = 0;
    if (!user_ptr_is_null(set_ptr)) {
        if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
            return -EINVAL;
        if (copy_from_user(&set, set_ptr, sizeof(set)) < 0)
            return -EFAULT;
    }
    sigset_t old = t->signal_mask;
    if (!user_ptr_is_null(set_ptr)) {
        irqflags_t fl = spin_lock_irqsave(&t->process->lock);
        if (how == SIG_BLOCK)
            t->signal_mask |= set;
        else if (how == SIG_UNBLOCK)
            t->signal_mask &= ~set;
        else
            t->signal_mask = set;
        t->signal_mask &= ~SIGNAL_UNBLOCKABLE;
        spin_unlock_irqrestore(&t->process->lock, fl);
    }
    if (!user_ptr_is_null(old_ptr) && copy_to_user(old_ptr, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

long sys_sigpending(user_ptr_t set_ptr)
{
    struct thread *t = thread_current();
    sigset_t pending = (t->signals_pending | t->process->signals_pending) & t->signal_mask;
    return copy_to_user(set_ptr, &pending, sizeof(pending));
}

static int never(void *arg)
{
    (void)arg;
    return 0;
}

/* Waits with the given mask until a signal is taken. Returns -EINTR; the
 * delivery path restores the old mask after the handler (or right away
 * when the signal had no handler, and then calls sigsuspend again). */
long sys_sigsuspend(user_ptr_t mask_ptr)
{
    sigset_t mask;
    if (copy_from_user(&mask, mask_ptr, sizeof(mask)) < 0)
        return -EFAULT;
    struct thread *t = thread_current();
    struct wait_queue wq;
    wait_queue_init(&wq, "sigsuspend");
    irqflags_t fl = spin_lock_irqsave(&t->process->lock);
    t->sigsuspend_saved_mask = t->signal_mask;
    t->sigsuspend_active = true;
    t->signal_mask = mask & ~SIGNAL_UNBLOCKABLE;
    spin_unlock_irqrestore(&t->process->lock, fl);
    return wait_queue_wait(&wq, never, NULL, 0, 1);
}

long sys_sigaltstack(user_ptr_t new_ptr, user_ptr_t old_ptr)
{
    struct thread *t = thread_current();
    stack_t old = { (void *)t->altstack.sp, t->altstack.flags, t->altstack.size };
    bool on = !(t->altstack.flags & SS_DISABLE) && t->user_frame->user_esp > t->altstack.sp &&
              t->user_frame->user_esp <= t->altstack.sp + t->altstack.size;
    if (on)
        old.ss_flags = SS_ONSTACK;
    if (!user_ptr_is_null(new_ptr)) {
        stack_t ss;
        if (copy_from_user(&ss, new_ptr, sizeof(ss)) < 0)
            return -EFAULT;
        if (on)
            return -EPERM;   /* cannot change the stack we are running on */
        if (ss.ss_flags & ~SS_DISABLE)
            return -EINVAL;
        if (ss.ss_flags & SS_DISABLE) {
            t->altstack = (struct signal_altstack){ .flags = SS_DISABLE };
        } else {
            if (ss.ss_size < MINSIGSTKSZ)
                return -ENOMEM;
            uintptr_t sp = (uintptr_t)ss.ss_sp;
            if (sp < USER_SPACE_START || sp >= USER_SPACE_END || ss.ss_size > USER_SPACE_END - sp)
                return -EFAULT;
            t->altstack = (struct signal_altstack){ sp, (uint32_t)ss.ss_size, 0 };
        }
    }
    if (!user_ptr_is_null(old_ptr) && copy_to_user(old_ptr, &old, sizeof(old)) < 0)
        return -EFAULT;
    return 0;
}

struct sigwait {
    struct thread *t;
    sigset_t set;
};

static int sigwait_ready(void *arg)
{
    struct sigwait *w = arg;
    return ((w->t->signals_pending | w->t->process->signals_pending) & w->set) != 0;
}

/* Takes one pending signal of `set` (normally blocked by the caller) and
 * returns its number; -EAGAIN when the timeout passes first. */
long sys_sigtimedwait(user_ptr_t set_ptr, user_ptr_t info_ptr, user_ptr_t timeout_ptr)
{
    struct sigwait w = { thread_current(), 0 };
    if (copy_from_user(&w.set, set_ptr, sizeof(w.set)) < 0)
        return -EFAULT;
    w.set &= ~SIGNAL_UNBLOCKABLE;
    uint64_t timeout_ns = 0;
    bool poll_only = false;
    if (!user_ptr_is_null(timeout_ptr)) {
        struct timespec ts;
        if (copy_from_user(&ts, timeout_ptr, sizeof(ts)) < 0)
            return -EFAULT;
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
            return -EINVAL;
        timeout_ns = (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
        poll_only = timeout_ns == 0;
    }
    struct process *p = w.t->process;
    if (!poll_only) {
        int rc = wait_queue_wait(&p->signal_wq, sigwait_ready, &w, timeout_ns, 1);
        if (rc == -ETIMEDOUT)
            return -EAGAIN;
        if (rc < 0 && !sigwait_ready(&w))
            return rc;
    }
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    sigset_t ready = (w.t->signals_pending | p->signals_pending) & w.set;
    int sig = ready ? __builtin_ctz(ready) + 1 : 0;
    struct signal_info info = { 0 };
    if (sig && (w.t->signals_pending & SIGSET_BIT(sig))) {
        w.t->signals_pending &= ~SIGSET_BIT(sig);
        info = w.t->signal_info[sig];
    } else if (sig) {
        p->signals_pending &= ~SIGSET_BIT(sig);
        info = p->signal_info[sig];
    }
    spin_unlock_irqrestore(&p->lock, fl);
    if (!sig)
        return -EAGAIN;
    if (!user_ptr_is_null(info_ptr)) {
        siginfo_t si;
        memset(&si, 0, sizeof(si));
        si.si_signo = sig;
        si.si_code = info.code;
        si.si_pid = info.pid;
        si.si_uid = info.uid;
        si.si_status = info.status;
        si.si_addr = (void *)info.addr;
        if (copy_to_user(info_ptr, &si, sizeof(si)) < 0)
            return -EFAULT;
    }
    return sig;
}
