/* Signals: generation, delivery through the trampoline, sigreturn, and the
 * job-control states (stopped, continued) they drive. */
#ifndef KERNEL_SIGNAL_H
#define KERNEL_SIGNAL_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/api/signal.h"

struct process;
struct thread;
struct trap_frame;
struct vm_space;

/* Where the trampoline page sits in every process: just below the main
 * stack's guard page. */
#define SIGNAL_TRAMPOLINE_ADDR  0xBFEFE000u

#define SIGNAL_UNBLOCKABLE (SIGSET_BIT(SIGKILL) | SIGSET_BIT(SIGSTOP))

struct signal_action {
    uintptr_t handler;      /* SIG_DFL (0), SIG_IGN (1) or a user address */
    sigset_t mask;
    uint32_t flags;         /* SA_* */
};

/* What travels with a pending signal (a compact siginfo_t). */
struct signal_info {
    int code;
    int pid;
    uint32_t uid;
    int status;
    uintptr_t addr;
};

/* A thread's alternate signal stack. */
struct signal_altstack {
    uintptr_t sp;
    uint32_t size;
    int flags;              /* SS_DISABLE when none */
};

void signal_init(void);
/* Maps the trampoline page into a new address space (exec). */
int signal_map_trampoline(struct vm_space *vm);

/* Sends sig to the process (any thread that does not block it takes it).
 * No permission check: callers do that. 0, or -EINVAL for a bad number.
 * Callable from interrupt context. */
int signal_send_process(struct process *p, int sig, const struct signal_info *info);
/* Sends sig to one thread. */
int signal_send_thread(struct thread *t, int sig, const struct signal_info *info);
/* A fault in user mode: the signal is delivered even if blocked or ignored
 * (then with the default action). Returns whether that action is fatal. */
bool signal_force_fault(struct thread *t, int sig, int code, uintptr_t addr);
/* Whether `sender` may signal `target` (root, or matching uids). */
bool signal_permitted(const struct process *sender, const struct process *target, int sig);

/* On the way back to user mode: handle stops, deliver one pending signal
 * (running its default action, or setting up the handler's frame), and
 * restart an interrupted system call when no handler ran. */
void signal_deliver(struct trap_frame *f);
/* sigreturn: restore the context saved at delivery; 0, or the process is
 * killed with SIGSEGV for a forged frame (and the call does not return to
 * user mode). */
long signal_sigreturn(struct trap_frame *f);

/* exec: caught signals go back to default; ignored ones and the mask stay. */
void signal_exec_reset(struct process *p);
/* fork: the child gets the parent's actions; its pending set is empty. */
void signal_fork_copy(struct process *child, const struct process *parent);

/* Job control, process side. SIGCHLD and waitid events for the parent. */
void signal_notify_parent_exit(struct process *child, bool *auto_reap);
/* p->lock held: record a stop or continue for waitid and tell the parent
 * (SIGCHLD unless it asked for SA_NOCLDSTOP). Takes the parent's lock. */
void signal_job_event_locked(struct process *p, unsigned event, int sig);
/* The signal's default action. */
enum signal_default { SIGDEF_TERMINATE, SIGDEF_CORE, SIGDEF_STOP, SIGDEF_CONTINUE, SIGDEF_IGNORE };
enum signal_default signal_default_action(int sig);
#endif
