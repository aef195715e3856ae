/* Signal generation and delivery. The state lives in the process (actions,
 * process-directed pending set) and in each thread (mask, thread-directed
 * pending set, alternate stack), all under process->lock. Delivery happens
 * on the way back to user mode, in the receiving thread itself. */
#include "kernel/signal.h"
#include "arch/x86/context.h"
#include "arch/x86/signal_trampoline.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/protected_data.h"
#include "kernel/sched.h"
#include "kernel/thread.h"
#include "mm/vm_anon.h"
#include "mm/vm_space.h"

static struct vm_anon *trampoline_object;

void signal_init(void)
{
    trampoline_object = vm_anon_create(1, true);
    paddr_t frame = trampoline_object ? vm_anon_frame_or_alloc(trampoline_object, 0) : 0;
    if (!frame)
        panic("signal: no memory for the trampoline page");
    if (!signal_trampoline_write(phys_to_virt(frame), PAGE_SIZE))
        panic("signal: trampoline does not fit in a page");
}

int signal_map_trampoline(struct vm_space *vm)
{
    return vm_map_object(vm, SIGNAL_TRAMPOLINE_ADDR, VM_PROT_READ | VM_PROT_EXEC, "[signal trampoline]",
                         trampoline_object);
}

enum signal_default signal_default_action(int sig)
{
    switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE: case SIGSEGV:
    case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return SIGDEF_CORE;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return SIGDEF_STOP;
    case SIGCONT:
        return SIGDEF_CONTINUE;
    case SIGCHLD: case SIGURG: case SIGWINCH:
        return SIGDEF_IGNORE;
    default:
        return SIGDEF_TERMINATE;
    }
}

static bool signal_valid(int sig) { return sig > 0 && sig < NSIG; }

/* p->lock held. Wakes a thread that can take sig now, so an interruptible
 * wait returns -EINTR. */
static void signal_wake_taker(struct process *p, int sig)
{
    list_for_each(n, &p->threads) {
        struct thread *t = list_entry(n, struct thread, process_node);
        if (!(t->signal_mask & SIGSET_BIT(sig))) {
            sched_wake(t);
            return;
        }
    }
}


/* p->lock held. The generation-time effects of stop and continue signals. */
static void signal_generate_job_control(struct process *p, int sig)
{
    if (signal_default_action(sig) == SIGDEF_STOP) {
        p->signals_pending &= ~SIGSET_BIT(SIGCONT);
    } else if (sig == SIGCONT || sig == SIGKILL) {
        p->signals_pending &= ~(SIGSET_BIT(SIGSTOP) | SIGSET_BIT(SIGTSTP) | SIGSET_BIT(SIGTTIN) |
                                SIGSET_BIT(SIGTTOU));
        if (p->stopped) {
            p->stopped = false;
            if (sig == SIGCONT)
                signal_job_event_locked(p, PROCESS_EVENT_CONTINUED, SIGCONT);
            wait_queue_wake_all(&p->stop_wq);
        }
    }
}

int signal_send_process(struct process *p, int sig, const struct signal_info *info)
{
    if (!signal_valid(sig) && sig != 0)
        return -EINVAL;
    /* Kernel threads take no signals: their waits must not be cut short. */
    if (sig == 0 || process_is_kernel(p))
        return 0;
    if (sig == SIGKILL) {
        irqflags_t fl = spin_lock_irqsave(&p->lock);
        signal_generate_job_control(p, sig);
        spin_unlock_irqrestore(&p->lock, fl);
        process_die(p, 0, SIGKILL);
        return 0;
    }
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    if (p->state != PROCESS_ALIVE) {
        spin_unlock_irqrestore(&p->lock, fl);
        return 0;
    }
    signal_generate_job_control(p, sig);
    /* An ignored signal is dropped when it is generated. */
    if (p->signal_actions[sig].handler != (uintptr_t)SIG_IGN) {
        p->signals_pending |= SIGSET_BIT(sig);
        p->signal_info[sig] = info ? *info : (struct signal_info){ .code = SI_KERNEL };
        signal_wake_taker(p, sig);
    }
    spin_unlock_irqrestore(&p->lock, fl);
    wait_queue_wake_all(&p->signal_wq);
    return 0;
}

int signal_send_thread(struct thread *t, int sig, const struct signal_info *info)
{
    if (!signal_valid(sig))
        return -EINVAL;
    struct process *p = t->process;
    if (process_is_kernel(p))
        return 0;
    if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCONT)
        return signal_send_process(p, sig, info);   /* these act on the whole process */
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    if (p->signal_actions[sig].handler != (uintptr_t)SIG_IGN) {
        t->signals_pending |= SIGSET_BIT(sig);
        t->signal_info[sig] = info ? *info : (struct signal_info){ .code = SI_KERNEL };
        sched_wake(t);
    }
    spin_unlock_irqrestore(&p->lock, fl);
    wait_queue_wake_all(&p->signal_wq);
    return 0;
}

bool signal_force_fault(struct thread *t, int sig, int code, uintptr_t addr)
{
    struct process *p = t->process;
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct signal_action *a = &p->signal_actions[sig];
    /* A blocked or ignored fault signal cannot be put off: the instruction
     * would only fault again. It takes its default action then. */
    if ((t->signal_mask & SIGSET_BIT(sig)) || a->handler == (uintptr_t)SIG_IGN) {
        a->handler = (uintptr_t)SIG_DFL;
        t->signal_mask &= ~SIGSET_BIT(sig);
    }
    bool fatal = a->handler == (uintptr_t)SIG_DFL;
    t->signals_pending |= SIGSET_BIT(sig);
    t->signal_info[sig] = (struct signal_info){ .code = code, .addr = addr };
    spin_unlock_irqrestore(&p->lock, fl);
    return fatal;
}

bool signal_permitted(const struct process *sender, const struct process *target, int sig)
{
    const struct process_protected *s = sender->prot, *d = target->prot;
    if (s->euid == 0)
        return true;
    if (sig == SIGCONT && s->sid == d->sid)
        return true;
    return s->uid == d->uid || s->uid == d->suid || s->euid == d->uid || s->euid == d->suid;
}

void signal_job_event_locked(struct process *p, unsigned event, int sig)
{
    p->wait_events = (p->wait_events & ~(PROCESS_EVENT_STOPPED | PROCESS_EVENT_CONTINUED)) | event;
    p->stop_signal = sig;
    struct process *parent = p->parent;
    if (!parent)
        return;
    wait_queue_wake_all(&parent->child_wait);
    /* The parent's actions are read without its lock: a racing sigaction
     * decides only whether this one SIGCHLD is sent. */
    if (process_is_kernel(parent) || (parent->signal_actions[SIGCHLD].flags & SA_NOCLDSTOP))
        return;
    /* Lock order: a child's lock, then its parent's. */
    struct signal_info info = { .code = event == PROCESS_EVENT_STOPPED ? CLD_STOPPED : CLD_CONTINUED,
                                .pid = p->prot->pid, .uid = p->prot->uid, .status = sig };
    irqflags_t fl = spin_lock_irqsave(&parent->lock);
    if (parent->signal_actions[SIGCHLD].handler != (uintptr_t)SIG_IGN) {
        parent->signals_pending |= SIGSET_BIT(SIGCHLD);
        parent->signal_info[SIGCHLD] = info;
        signal_wake_taker(parent, SIGCHLD);
    }
    spin_unlock_irqrestore(&parent->lock, fl);
}

void signal_notify_parent_exit(struct process *child, bool *auto_reap)
{
    struct process *parent = child->parent;
    *auto_reap = false;
    if (!parent)
        return;
    const struct signal_action *a = &parent->signal_actions[SIGCHLD];
    /* POSIX: with SIGCHLD ignored or SA_NOCLDWAIT, children leave no zombie. */
    if (a->handler == (uintptr_t)SIG_IGN || (a->flags & SA_NOCLDWAIT))
        *auto_reap = true;
    int sig = child->prot->termination_signal;
    struct signal_info info = { .code = sig ? CLD_KILLED : CLD_EXITED, .pid = child->prot->pid,
                                .uid = child->prot->uid, .status = sig ? sig : child->prot->termination_status };
    signal_send_process(parent, SIGCHLD, &info);
}

void signal_exec_reset(struct process *p)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    for (int sig = 1; sig < NSIG; sig++) {
        struct signal_action *a = &p->signal_actions[sig];
        if (a->handler != (uintptr_t)SIG_IGN)
            *a = (struct signal_action){ 0 };
    }
    list_for_each(n, &p->threads) {
        struct thread *t = list_entry(n, struct thread, process_node);
        t->altstack = (struct signal_altstack){ .flags = SS_DISABLE };
    }
    spin_unlock_irqrestore(&p->lock, fl);
}

void signal_fork_copy(struct process *child, const struct process *parent)
{
    for (int sig = 0; sig < NSIG; sig++)
        child->signal_actions[sig] = parent->signal_actions[sig];
}
