/* Delivery: on the way back to user mode a thread takes one pending signal
 * and either runs its default action here or builds the handler's frame on
 * the user stack and resumes in the trampoline; sigreturn undoes that. */
#include "arch/x86/context.h"
#include "arch/x86/gdt.h"
#include "arch/x86/trap_frame.h"
#include "kernel/api/ucontext.h"
#include "kernel/errno.h"
#include "kernel/job_control.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/thread.h"
#include "kernel/uaccess.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include <string.h>

#define EFLAGS_TF       (1u << 8)
#define EFLAGS_DF       (1u << 10)
#define EFLAGS_IOPL     (3u << 12)
#define EFLAGS_NT       (1u << 14)
#define EFLAGS_RF       (1u << 16)
#define EFLAGS_VM       (1u << 17)
/* The flags user code may set for itself: carry, parity, adjust, zero,
 * sign, trap, direction, overflow, alignment check, ID. */
#define EFLAGS_USER     0x00244DD5u
#define INT82_LENGTH    2

/* Takes the next deliverable signal of t: SIGKILL first, then the lowest
 * number; thread-directed before process-directed. 0 if none. */
static int signal_dequeue(struct thread *t, struct signal_info *info)
{
    struct process *p = t->process;
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    sigset_t ready_thread = t->signals_pending & ~t->signal_mask;
    sigset_t ready_process = p->signals_pending & ~t->signal_mask;
    sigset_t ready = ready_thread | ready_process;
    int sig = 0;
    if (ready) {
        sig = (ready & SIGSET_BIT(SIGKILL)) ? SIGKILL : __builtin_ctz(ready) + 1;
        if (ready_thread & SIGSET_BIT(sig)) {
            t->signals_pending &= ~SIGSET_BIT(sig);
            *info = t->signal_info[sig];
        } else {
            p->signals_pending &= ~SIGSET_BIT(sig);
            *info = p->signal_info[sig];
        }
    }
    spin_unlock_irqrestore(&p->lock, fl);
    return sig;
}

static int process_is_stopped(void *arg)
{
    struct process *p = arg;
    return !p->stopped || thread_current()->should_die;
}

/* Stops the whole process (default action of a stop signal) and waits here
 * until SIGCONT or SIGKILL. */
static void signal_stop_process(struct process *p, int sig)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    if (!p->stopped) {
        p->stopped = true;
        signal_job_event_locked(p, PROCESS_EVENT_STOPPED, sig);
    }
    spin_unlock_irqrestore(&p->lock, fl);
}

static void signal_wait_while_stopped(struct process *p)
{
    while (p->stopped && !thread_current()->should_die)
        wait_queue_wait(&p->stop_wq, process_is_stopped, p, 0, 0);
}

/* The frame the kernel builds for a handler; see kernel/api/ucontext.h. */
struct signal_frame_header {
    uint32_t signo;
    uint32_t info;
    uint32_t context;
    uint32_t unused;
};

static bool altstack_contains(const struct signal_altstack *a, uintptr_t sp)
{
    return !(a->flags & SS_DISABLE) && a->size && sp > a->sp && sp <= a->sp + a->size;
}

static void ucontext_from_frame(ucontext_t *uc, const struct trap_frame *f, sigset_t mask, bool onstack)
{
    memset(uc, 0, sizeof(*uc));
    uc->uc_sigmask = mask;
    uc->uc_onstack = onstack;
    mcontext_t *m = &uc->uc_mcontext;
    m->gs = f->gs, m->fs = f->fs, m->es = f->es, m->ds = f->ds;
    m->edi = f->edi, m->esi = f->esi, m->ebp = f->ebp, m->esp = f->user_esp;
    m->ebx = f->ebx, m->edx = f->edx, m->ecx = f->ecx, m->eax = f->eax;
    m->eip = f->eip, m->cs = f->cs, m->eflags = f->eflags, m->ss = f->user_ss;
    m->trap_number = f->vector;
    m->error_code = f->error;
}

/* Builds the handler's frame; 0, or -EFAULT when the stack is unusable. */
static int signal_setup_frame(struct thread *t, struct trap_frame *f, int sig, const struct signal_info *info,
                              const struct signal_action *act, sigset_t saved_mask)
{
    uintptr_t sp = f->user_esp;
    bool onstack = altstack_contains(&t->altstack, sp);
    if ((act->flags & SA_ONSTACK) && !(t->altstack.flags & SS_DISABLE) && t->altstack.size && !onstack) {
        sp = t->altstack.sp + t->altstack.size;
        onstack = true;
    }
    uintptr_t info_at = (sp - sizeof(siginfo_t)) & ~15u;
    uintptr_t context_at = (info_at - sizeof(ucontext_t)) & ~15u;
    uintptr_t header_at = context_at - SIGFRAME_CONTEXT_OFFSET;

    _Static_assert(sizeof(struct signal_frame_header) == SIGFRAME_CONTEXT_OFFSET, "frame layout");
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    si.si_signo = sig;
    si.si_code = info->code;
    si.si_pid = info->pid;
    si.si_uid = info->uid;
    si.si_status = info->status;
    si.si_addr = (void *)info->addr;

    ucontext_t *uc = kmalloc(sizeof(*uc));
    if (!uc)
        return -ENOMEM;
    ucontext_from_frame(uc, f, saved_mask, altstack_contains(&t->altstack, f->user_esp));
    uc->uc_mcontext.fault_address = info->addr;
    arch_save_fpu(&t->arch);
    memcpy(uc->uc_fpstate, &t->arch.fpu, sizeof(uc->uc_fpstate));
    struct signal_frame_header h = { (uint32_t)sig, info_at, context_at, 0 };
    int rc = 0;
    if (copy_to_user(user_ptr(info_at), &si, sizeof(si)) < 0 ||
        copy_to_user(user_ptr(context_at), uc, sizeof(*uc)) < 0 ||
        copy_to_user(user_ptr(header_at), &h, sizeof(h)) < 0)
        rc = -EFAULT;
    kfree(uc);
    if (rc < 0)
        return rc;
    f->user_esp = header_at;
    f->eip = SIGNAL_TRAMPOLINE_ADDR;
    f->esi = act->handler;
    f->eflags &= ~(EFLAGS_TF | EFLAGS_DF | EFLAGS_RF);
    return 0;
}

/* The thread is going back to user mode with frame f. */
void signal_deliver(struct trap_frame *f)
{
    struct thread *t = thread_current();
    struct process *p = t->process;
    bool handler_ran = false;
    for (;;) {
        if (t->should_die)
            thread_exit();
        if (p->stopped) {
            signal_wait_while_stopped(p);
            continue;
        }
        struct signal_info info;
        int sig = signal_dequeue(t, &info);
        if (!sig)
            break;
        irqflags_t fl = spin_lock_irqsave(&p->lock);
        struct signal_action act = p->signal_actions[sig];
        spin_unlock_irqrestore(&p->lock, fl);
        if (act.handler == (uintptr_t)SIG_IGN)
            continue;
        if (act.handler == (uintptr_t)SIG_DFL) {
            switch (signal_default_action(sig)) {
            case SIGDEF_IGNORE:
            case SIGDEF_CONTINUE:
                continue;
            case SIGDEF_STOP:
                /* POSIX: a member of an orphaned process group does not stop
                 * for the terminal's stop signals, since nobody could ever
                 * continue it; they are discarded. SIGSTOP always stops. */
                if (sig != SIGSTOP && job_control_group_orphaned(p->prot->pgid))
                    continue;
                signal_stop_process(p, sig);
                continue;
            case SIGDEF_TERMINATE:
            case SIGDEF_CORE:
                process_die(p, 0, sig);
                thread_exit();
            }
        }
        /* A handler: an interrupted call restarts only with SA_RESTART. */
        if (t->syscall_interrupted && (act.flags & SA_RESTART) &&
            syscall_restartable_after_handler((unsigned)t->syscall_number)) {
            f->eax = (uint32_t)t->syscall_number;
            f->eip -= INT82_LENGTH;
        }
        t->syscall_interrupted = false;
        sigset_t saved = t->sigsuspend_active ? t->sigsuspend_saved_mask : t->signal_mask;
        if (signal_setup_frame(t, f, sig, &info, &act, saved) < 0) {
            printk("signal: %s (pid %d) has no usable stack for signal %d; killed with SIGSEGV\n", p->name,
                   process_pid(p), sig);
            process_die(p, 0, SIGSEGV);
            thread_exit();
        }
        fl = spin_lock_irqsave(&p->lock);
        t->sigsuspend_active = false;
        t->signal_mask = (saved | act.mask | ((act.flags & SA_NODEFER) ? 0 : SIGSET_BIT(sig))) & ~SIGNAL_UNBLOCKABLE;
        if (act.flags & SA_RESETHAND)
            p->signal_actions[sig] = (struct signal_action){ 0 };
        spin_unlock_irqrestore(&p->lock, fl);
        handler_ran = true;
        break;
    }
    if (!handler_ran) {
        /* No handler ran: an interrupted call goes on as if nothing happened. */
        if (t->syscall_interrupted) {
            f->eax = (uint32_t)t->syscall_number;
            f->eip -= INT82_LENGTH;
        }
        if (t->sigsuspend_active) {
            t->signal_mask = t->sigsuspend_saved_mask;
            t->sigsuspend_active = false;
        }
    }
    t->syscall_interrupted = false;
}

static bool selector_is_user_data(uint32_t sel) { return sel == SEL_USER_DATA || sel == 0; }

long signal_sigreturn(struct trap_frame *f)
{
    struct thread *t = thread_current();
    struct process *p = t->process;
    ucontext_t *uc = kmalloc(sizeof(*uc));
    if (!uc)
        return -ENOMEM;
    uintptr_t context_at = f->user_esp + SIGFRAME_CONTEXT_OFFSET;
    const mcontext_t *m = &uc->uc_mcontext;
    const char *why = NULL;
    if (f->user_esp >= USER_SPACE_END - SIGFRAME_CONTEXT_OFFSET ||
        copy_from_user(uc, user_ptr(context_at), sizeof(*uc)) < 0)
        why = "unreadable signal frame";
    else if (m->cs != SEL_USER_CODE || m->ss != SEL_USER_DATA || !selector_is_user_data(m->ds) ||
             !selector_is_user_data(m->es) || !selector_is_user_data(m->fs) ||
             (m->gs != SEL_USER_TLS && !selector_is_user_data(m->gs)))
        why = "segment selectors changed";
    else if (m->eflags & (EFLAGS_IOPL | EFLAGS_VM | EFLAGS_NT))
        why = "privileged flags set";
    else if (m->eip >= USER_SPACE_END || m->esp >= USER_SPACE_END)
        why = "address outside user space";
    if (why) {
        kfree(uc);
        printk("sigreturn: %s (pid %d) handed back a forged frame (%s); killed with SIGSEGV\n", p->name,
               process_pid(p), why);
        process_die(p, 0, SIGSEGV);
        t->frame_replaced = true;
        return 0;   /* never seen: the thread dies on its way out */
    }
    f->gs = m->gs, f->fs = m->fs, f->es = m->es, f->ds = m->ds;
    f->edi = m->edi, f->esi = m->esi, f->ebp = m->ebp, f->user_esp = m->esp;
    f->ebx = m->ebx, f->edx = m->edx, f->ecx = m->ecx, f->eax = m->eax;
    f->eip = m->eip;
    f->cs = SEL_USER_CODE;
    f->user_ss = SEL_USER_DATA;
    f->eflags = (m->eflags & EFLAGS_USER) | EFLAGS_IF | 0x2;
    memcpy(&t->arch.fpu, uc->uc_fpstate, sizeof(t->arch.fpu));
    arch_load_fpu_sanitized(&t->arch);
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    t->signal_mask = uc->uc_sigmask & ~SIGNAL_UNBLOCKABLE;
    spin_unlock_irqrestore(&p->lock, fl);
    kfree(uc);
    t->frame_replaced = true;
    return 0;
}

long sys_sigreturn(void) { return signal_sigreturn(thread_current()->user_frame); }
