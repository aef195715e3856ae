/* Signals (C11 7.14 and POSIX). The numbers, sets and structures are the
 * kernel's (kernel/api/signal.h). Signals are sent to processes: with no
 * per-thread kill call in the kernel, raise() signals the whole process. */
#ifndef _SIGNAL_H
#define _SIGNAL_H

#include <sys/types.h>
#include <kernel/api/signal.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

/* C */
sighandler_t signal(int sig, sighandler_t handler);
int raise(int sig);

/* POSIX */
int kill(pid_t pid, int sig);
int killpg(pid_t pgrp, int sig);
int sigaction(int sig, const struct sigaction *restrict act,
              struct sigaction *restrict oldact);
int sigprocmask(int how, const sigset_t *restrict set,
                sigset_t *restrict oldset);
int pthread_sigmask(int how, const sigset_t *restrict set,
                    sigset_t *restrict oldset);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigaltstack(const stack_t *restrict ss, stack_t *restrict old);
int sigwait(const sigset_t *restrict set, int *restrict sig);
int sigwaitinfo(const sigset_t *restrict set, siginfo_t *restrict info);
struct timespec;
int sigtimedwait(const sigset_t *restrict set, siginfo_t *restrict info,
                 const struct timespec *restrict timeout);

int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);

/* Writes "s: description\n" (or just the description) to stderr. */
void psignal(int sig, const char *s);
/* "Segmentation fault" and the like; unknown numbers get a generic text. */
char *strsignal(int sig);
extern const char *const sys_siglist[NSIG];

#ifdef __cplusplus
}
#endif

#endif
