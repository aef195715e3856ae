/* Threads: the unit the scheduler runs. Every thread belongs to a process;
 * kernel threads belong to kernel processes and never enter user mode. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/context.h"
#include "arch/x86/percpu.h"
#include "kernel/list.h"
#include "kernel/signal.h"

struct process;

enum thread_state {
    THREAD_RUNNABLE,    /* on a run queue */
    THREAD_RUNNING,     /* on a CPU */
    THREAD_BLOCKED,     /* on a wait queue or sleeping */
    THREAD_DEAD,        /* finished; waiting for the finalizer */
};

enum thread_priority {
    THREAD_PRIORITY_IDLE = 0,   /* only the idle thread */
    THREAD_PRIORITY_LOW = 1,
    THREAD_PRIORITY_NORMAL = 2,
    THREAD_PRIORITY_HIGH = 3,
    THREAD_PRIORITY_COUNT = 4,
};

#define THREAD_NAME_MAX         32
#define THREAD_KSTACK_PAGES     4   /* 16 KiB, with one unmapped guard page below */

struct thread {
    int tid;
    struct process *process;
    char name[THREAD_NAME_MAX];
    enum thread_state state;            /* changed under sched_lock */
    enum thread_priority priority;
    int slice_left;                     /* ticks before preemption */
    struct arch_thread arch;
    void *kstack;                       /* lowest mapped byte; NULL for the boot thread */
    void (*entry)(void *);
    void *entry_arg;
    struct list_node run_node;          /* run queue (sched_lock) */
    struct list_node wait_node;         /* a wait queue (that queue's lock) */
    struct list_node process_node;      /* process->threads (process->lock) */
    struct list_node finalize_node;     /* finalizer queue */
    struct thread *tid_next;            /* tid hash chain (id table lock) */
    volatile bool should_die;           /* dies at its next safe point */
    bool detached;
    bool woken_by_timeout;
    uint64_t ticks_user, ticks_kernel;
    /* Filled in by the user-mode and signal code. */
    struct trap_frame *user_frame;      /* saved user registers while in the kernel */
    bool frame_replaced;                /* execve/sigreturn rewrote user_frame, eax included */
    /* Signals; protected by process->lock. */
    uint32_t signal_mask, signals_pending;
    struct signal_info signal_info[32];
    struct signal_altstack altstack;
    bool sigsuspend_active;
    uint32_t sigsuspend_saved_mask;
    int syscall_number;                 /* of the system call in progress */
    bool syscall_interrupted;           /* it returned -EINTR: maybe restart it */
    void *exit_value;
};

static inline struct thread *thread_current(void) { return this_cpu()->current; }

/* A new kernel thread in process p, runnable at once. NULL without memory. */
struct thread *thread_create_kernel(struct process *p, void (*entry)(void *), void *arg,
                                    enum thread_priority priority, const char *name);
/* A thread of process p that is not yet runnable; the first thread of a
 * process shares the process's number (use_pid_as_tid). NULL on failure. */
struct thread *thread_create_in(struct process *p, void (*entry)(void *), void *arg,
                                enum thread_priority priority, const char *name, bool use_pid_as_tid);
/* Ends the calling thread; the finalizer frees it. */
__attribute__((noreturn)) void thread_exit(void);
/* Sleeps for ns nanoseconds; -EINTR if interrupted by a signal or death. */
int thread_sleep_ns(uint64_t ns);
/* True when a blocking wait should give up: the thread must die or has a signal. */
bool thread_interrupted(const struct thread *t);
/* Turns the code running since boot into process p's first thread. */
void thread_adopt_boot_context(struct process *p);
/* Used by the finalizer: releases the stack and the thread object. */
void thread_destroy(struct thread *t);
#endif
