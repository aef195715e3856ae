/* waitid(): the kernel's only wait call. libc builds waitpid() and wait()
 * on it and encodes their status word itself, the Linux way:
 *   exited:    (exit status & 0xff) << 8
 *   killed:    signal (low 7 bits), | 0x80 if a core was dumped
 *   stopped:   (signal << 8) | 0x7f
 *   continued: 0xffff */
#ifndef KERNEL_API_WAIT_H
#define KERNEL_API_WAIT_H

/* waitid(idtype, id, info, options) selects children by idtype: */
#define P_ALL  0   /* any child; id is ignored */
#define P_PID  1   /* the child whose pid is id */
#define P_PGID 2   /* any child in process group id; 0 means the caller's */

/* options; at least one of WEXITED, WSTOPPED, WCONTINUED is required. */
#define WNOHANG    0x00000001  /* report nothing rather than block */
#define WUNTRACED  0x00000002  /* waitpid(): also report stopped children */
#define WSTOPPED   WUNTRACED   /* waitid(): report stopped children */
#define WEXITED    0x00000004  /* report children that ended */
#define WCONTINUED 0x00000008  /* report children continued by SIGCONT */
#define WNOWAIT    0x01000000  /* leave the child waitable */

/* With WNOHANG and no child ready, waitid returns 0 and sets si_pid to 0.
 * Otherwise info->si_signo is SIGCHLD, si_pid and si_uid name the child and
 * si_code/si_status say what happened: */
#ifndef KERNEL_API_CLD_CODES
#define KERNEL_API_CLD_CODES
#define CLD_EXITED    1  /* si_status: the exit status (0-255) */
#define CLD_KILLED    2  /* si_status: the signal */
#define CLD_DUMPED    3  /* si_status: the signal; a core was written */
#define CLD_TRAPPED   4
#define CLD_STOPPED   5  /* si_status: the stop signal */
#define CLD_CONTINUED 6  /* si_status: SIGCONT */
#endif

#endif
