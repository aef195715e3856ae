/* Signals of the kernel ABI: numbers, masks, actions, the information a
 * handler or waitid() receives, and alternate stacks. The numbers are the
 * Linux i386 ones so that ported programs and our host-side tests agree.
 * There are no real-time signals: a set is one 32-bit word, and signal n is
 * bit n - 1. */
#ifndef KERNEL_API_SIGNAL_H
#define KERNEL_API_SIGNAL_H

#define SIGHUP     1
#define SIGINT     2
#define SIGQUIT    3
#define SIGILL     4
#define SIGTRAP    5
#define SIGABRT    6
#define SIGIOT     SIGABRT
#define SIGBUS     7
#define SIGFPE     8
#define SIGKILL    9
#define SIGUSR1    10
#define SIGSEGV    11
#define SIGUSR2    12
#define SIGPIPE    13
#define SIGALRM    14
#define SIGTERM    15
#define SIGSTKFLT  16
#define SIGCHLD    17
#define SIGCONT    18
#define SIGSTOP    19
#define SIGTSTP    20
#define SIGTTIN    21
#define SIGTTOU    22
#define SIGURG     23
#define SIGXCPU    24
#define SIGXFSZ    25
#define SIGVTALRM  26
#define SIGPROF    27
#define SIGWINCH   28
#define SIGIO      29
#define SIGPOLL    SIGIO
#define SIGPWR     30
#define SIGSYS     31
/* One more than the highest signal number. */
#define NSIG       32

typedef __UINT32_TYPE__ sigset_t;

/* The bit of signal n in a sigset_t (n in 1..NSIG-1). */
#define SIGSET_BIT(n) ((sigset_t)1 << ((n) - 1))

/* Dispositions, as handler values. */
#define SIG_DFL ((void (*)(int))0)
#define SIG_IGN ((void (*)(int))1)
#define SIG_ERR ((void (*)(int))-1)

/* sigprocmask() `how`. */
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* sigaction() flags. */
#define SA_NOCLDSTOP 0x00000001u /* no SIGCHLD when a child stops/continues */
#define SA_NOCLDWAIT 0x00000002u /* children leave no zombies */
#define SA_SIGINFO   0x00000004u /* call sa_sigaction with siginfo and context */
#define SA_RESTORER  0x04000000u /* sa_restorer is valid */
#define SA_ONSTACK   0x08000000u /* run on the sigaltstack() stack */
#define SA_RESTART   0x10000000u /* restart interrupted system calls */
#define SA_NODEFER   0x40000000u /* do not block the signal in its handler */
#define SA_RESETHAND 0x80000000u /* back to SIG_DFL once delivered */

/* si_code values for any signal. */
#define SI_USER    0     /* kill() */
#define SI_KERNEL  0x80  /* sent by the kernel itself */
#define SI_QUEUE   (-1)
#define SI_TIMER   (-2)  /* an interval timer expired */
#define SI_TKILL   (-6)  /* sent to one thread */

/* si_code values for SIGILL. */
#define ILL_ILLOPC 1
#define ILL_ILLOPN 2
#define ILL_ILLADR 3
#define ILL_ILLTRP 4
#define ILL_PRVOPC 5
#define ILL_PRVREG 6
#define ILL_COPROC 7
#define ILL_BADSTK 8

/* si_code values for SIGFPE. */
#define FPE_INTDIV 1
#define FPE_INTOVF 2
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8

/* si_code values for SIGSEGV. */
#define SEGV_MAPERR 1  /* nothing mapped there */
#define SEGV_ACCERR 2  /* mapped, but the access is not allowed */

/* si_code values for SIGBUS. */
#define BUS_ADRALN 1
#define BUS_ADRERR 2
#define BUS_OBJERR 3

/* si_code values for SIGTRAP. */
#define TRAP_BRKPT 1
#define TRAP_TRACE 2

/* si_code values for SIGCHLD (CLD_*) are in kernel/api/wait.h, which waitid()
 * users include; they are repeated here under the same guard. */
#ifndef KERNEL_API_CLD_CODES
#define KERNEL_API_CLD_CODES
#define CLD_EXITED    1  /* si_status: the exit status (0-255) */
#define CLD_KILLED    2  /* si_status: the signal */
#define CLD_DUMPED    3  /* si_status: the signal; a core was written */
#define CLD_TRAPPED   4
#define CLD_STOPPED   5  /* si_status: the stop signal */
#define CLD_CONTINUED 6  /* si_status: SIGCONT */
#endif

/* What a SA_SIGINFO handler and waitid() receive. Fields a given signal does
 * not use are zero. The reserved tail keeps room for later fields without
 * changing the size. */
typedef struct siginfo {
    int si_signo;
    int si_errno;
    int si_code;
    int si_pid;           /* sender, or the child for SIGCHLD/waitid */
    unsigned si_uid;      /* the sender's real uid */
    int si_status;        /* SIGCHLD/waitid: exit status or signal */
    void *si_addr;        /* SIGSEGV, SIGBUS, SIGILL, SIGFPE: faulting address */
    int si_value;         /* sigqueue()-style payload; unused for now */
    int __reserved[8];
} siginfo_t;

/* The action for one signal. The handler runs on the user stack (or the
 * alternate one with SA_ONSTACK) with sa_mask plus the signal itself blocked
 * (unless SA_NODEFER). It is called as handler(signo) or, with SA_SIGINFO,
 * sa_sigaction(signo, &info, context). It is called from the kernel's
 * signal trampoline, a read-only page mapped in every process, which makes
 * the sigreturn call when the handler returns (see kernel/api/ucontext.h);
 * sa_restorer is accepted for source compatibility and not used. */
struct sigaction {
    union {
        void (*sa_handler)(int);
        void (*sa_sigaction)(int, siginfo_t *, void *);
    };
    sigset_t sa_mask;
    int sa_flags;          /* SA_* */
    void (*sa_restorer)(void);
};

/* sigaltstack(). */
typedef struct {
    void *ss_sp;
    int ss_flags;          /* SS_ONSTACK (read-only), SS_DISABLE */
    __SIZE_TYPE__ ss_size;
} stack_t;

#define SS_ONSTACK  1  /* the thread is running on the alternate stack now */
#define SS_DISABLE  2
#define MINSIGSTKSZ 2048
#define SIGSTKSZ    8192

#endif
