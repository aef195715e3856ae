/* Processes: a table of them, their protected data, their threads and
 * children, and their death. */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/list.h"
#include "kernel/mutex.h"
#include "kernel/signal.h"
#include "kernel/timer.h"
#include "kernel/unveil.h"
#include "kernel/spinlock.h"
#include "kernel/wait_queue.h"

struct thread;
struct vm_space;
struct fd_table;
struct inode;

#define PROCESS_NAME_MAX    32
#define PROCESS_NGROUPS_MAX 32

/* The security-relevant fields. They live alone in one page that the kernel
 * keeps read-only; see kernel/protected_data.h for changing them. */
struct process_protected {
    int pid, ppid, sid, pgid;
    uint32_t uid, euid, suid;
    uint32_t gid, egid, sgid;
    uint32_t ngroups;
    uint32_t groups[PROCESS_NGROUPS_MAX];
    uint32_t umask;
    bool dumpable;
    bool kernel;                    /* a kernel process never enters user mode */
    bool has_promises, has_exec_promises;
    uint32_t promises, exec_promises;
    uint32_t signal_trampoline;     /* user address of the trampoline page */
    uint32_t thread_count;
    int termination_status;         /* exit code, when it exited */
    int termination_signal;         /* the signal that killed it, or 0 */
};

#define PROCESS_EVENT_STOPPED   0x1
#define PROCESS_EVENT_CONTINUED 0x2

enum process_state {
    PROCESS_ALIVE,
    PROCESS_DYING,      /* die() was called; threads are going away */
    PROCESS_ZOMBIE,     /* finalized; waits for its parent to reap it */
};

struct process {
    const struct process_protected *prot;   /* read-only outside mutation scopes */
    int protected_unlock_depth;             /* nesting of open mutation scopes (protected_lock) */
    struct spinlock protected_lock;

    struct spinlock lock;                   /* protects threads, state, the tick sums */
    char name[PROCESS_NAME_MAX];
    volatile enum process_state state;
    struct list_node threads;               /* struct thread.process_node */
    uint64_t dead_ticks_user, dead_ticks_kernel;    /* of finalized threads */

    /* Tree links; protected by process_tree_lock. */
    struct process *parent;
    struct list_node children;
    struct list_node sibling_node;
    struct wait_queue child_wait;           /* waitpid sleeps here */
    uint64_t child_ticks_user, child_ticks_kernel;

    struct list_node all_node;              /* all processes (id table lock) */
    struct process *pid_next;               /* pid hash chain (id table lock) */
    int refcount;                           /* atomic */

    /* Held while vm or fds is replaced or torn down, and by anyone looking
     * at another process's (procfs), so neither vanishes under the looker.
     * The process's own threads use them without it. */
    struct mutex resources_lock;
    struct vm_space *vm;                    /* NULL for kernel processes */
    /* The argument and environment strings of the last exec, NUL-separated
     * (as /proc/N/cmdline and environ show them). Set under lock. */
    char *cmdline, *environ;
    size_t cmdline_len, environ_len;
    struct list_node exited_threads;        /* joinable thread results (lock) */
    struct unveil_state unveil;             /* the visible part of the file system (lock) */

    /* Signals. All protected by lock. */
    struct signal_action signal_actions[NSIG];
    sigset_t signals_pending;               /* sent to the process as a whole */
    struct signal_info signal_info[NSIG];
    struct wait_queue signal_wq;            /* sigtimedwait sleeps here */
    bool stopped;                           /* by a stop signal, until SIGCONT */
    int stop_signal;
    unsigned wait_events;                   /* PROCESS_EVENT_*, not yet reported to waitid */
    struct wait_queue stop_wq;              /* stopped threads wait here */
    bool did_exec;                          /* setpgid on it gives EACCES */
    struct ktimer itimer_real;              /* ITIMER_REAL */
    uint64_t itimer_real_interval_ns;
    struct wait_queue thread_exit_wq;       /* join_thread sleeps here */
    struct fd_table *fds;
    struct inode *cwd, *root, *executable;  /* replaced and cleared under lock */
};

/* Protects every process's parent/children links and zombie reaping. */
extern struct spinlock process_tree_lock;

static inline int process_pid(const struct process *p) { return p->prot->pid; }
static inline bool process_is_kernel(const struct process *p) { return p->prot->kernel; }

/* The kernel's own process (pid 0), owner of the idle and boot threads. */
extern struct process *kernel_process;

void process_init(void);
/* A new process with no threads, registered in the table. Credentials and
 * groups are inherited from the parent (root for kernel processes). NULL
 * without memory or free ids. */
struct process *process_create(const char *name, struct process *parent, bool kernel);
/* The same with a chosen pid (PID_INIT for init; -EEXIST-style failure,
 * NULL, if it is taken), or -1 for any. */
struct process *process_create_with_pid(const char *name, struct process *parent, bool kernel, int wanted);
struct process *process_current(void);
/* Undoes process_create for a process that never got a thread (a failed
 * fork or spawn): it leaves the table as if it had never been. */
void process_destroy_unstarted(struct process *p);
/* Closes every descriptor and drops the working and root directories and
 * the executable. May sleep. */
void process_release_files(struct process *p);
/* fork: the child shows the parent's command line and environment. */
void process_copy_exec_strings(struct process *child, struct process *parent);

void process_get(struct process *p);
void process_put(struct process *p);

/* Adds a thread to the process (thread count in the protected data). */
int process_attach_thread(struct process *p, struct thread *t);
/* Called by the finalizer for each dead thread; finalizes the process after
 * its last thread. */
void process_thread_finalized(struct process *p, struct thread *t);

/* Moves the process from alive to dying exactly once; the winner records the
 * status and signal and marks every thread to die. Returns whether this
 * call did it. */
bool process_die(struct process *p, int status, int signal);

struct wait_result {
    int pid;
    uint32_t uid;
    int code;           /* CLD_EXITED, CLD_KILLED, CLD_STOPPED, CLD_CONTINUED */
    int signal;         /* the signal that killed or stopped it, or 0 */
    int exit_status;    /* when it exited */
};
/* waitid's core: waits (unless WNOHANG) for a child selected by idtype/id
 * to have ended; reaps it unless WNOWAIT. Returns its pid, 0 with WNOHANG
 * when none is ready, -ECHILD without such children, -EINTR, -EINVAL. */
int process_wait(struct process *parent, int idtype, int id, int options, struct wait_result *out);

/* Waits for a child (pid > 0 that child, -1 any) to become a zombie, reaps
 * it and returns its pid with the wait status; -ECHILD without such
 * children, 0 with `nohang` when none is ready. */
int process_waitpid(struct process *parent, int pid, int *status, bool nohang);

/* User and kernel CPU ticks of the process's threads, live and finished. */
void process_cpu_ticks(struct process *p, uint64_t *user, uint64_t *kernel);

/* setsid: the new session has no controlling terminal (the TTY layer
 * provides this; a no-op without one). */
void process_session_detach_tty(struct process *p);

/* Called by the scheduler on every switch. */
void process_switch_address_space(struct thread *prev, struct thread *next);

/* Wait status encoding (as POSIX's WIFEXITED etc. decode it). */
#define WAIT_STATUS_EXITED(code)    (((code) & 0xFF) << 8)
#define WAIT_STATUS_SIGNALED(sig)   ((sig) & 0x7F)
#endif
