/* The job table and job control. Children are collected with waitpid(-1)
 * wherever the shell waits, so a background job that ends while a
 * foreground one runs is noticed too; its news is printed before the next
 * prompt. With job control, the terminal is handed to a foreground job's
 * process group and taken back (with the shell's terminal modes) when the
 * job ends or stops. */
#include "sh.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

struct sh_job *sh_jobs;
static struct sh_job *job_current;
static struct termios shell_tmodes;
static bool have_shell_tmodes;

struct sh_job *sh_job_new(const char *text)
{
    struct sh_job *job = calloc(1, sizeof(*job));
    if (!job) {
        sh_error("out of memory");
        exit(2);
    }
    int id = 1;
    for (bool clash = true; clash;) {
        clash = false;
        for (struct sh_job *j = sh_jobs; j; j = j->next)
            if (j->id == id) {
                id++;
                clash = true;
            }
    }
    job->id = id;
    job->text = sh_strdup(text);
    job->foreground = true;
    job->notified = true;
    /* keep the list sorted by id for 'jobs' */
    struct sh_job **pp = &sh_jobs;
    while (*pp && (*pp)->id < id)
        pp = &(*pp)->next;
    job->next = *pp;
    *pp = job;
    return job;
}

void sh_job_add_proc(struct sh_job *job, pid_t pid)
{
    job->procs = realloc(job->procs, sizeof(*job->procs) * (size_t)(job->nprocs + 1));
    if (!job->procs) {
        sh_error("out of memory");
        exit(2);
    }
    job->procs[job->nprocs].pid = pid;
    job->procs[job->nprocs].status = 0;
    job->procs[job->nprocs].state = SH_PROC_RUNNING;
    job->nprocs++;
}

void sh_job_remove(struct sh_job *job)
{
    for (struct sh_job **pp = &sh_jobs; *pp; pp = &(*pp)->next) {
        if (*pp == job) {
            *pp = job->next;
            break;
        }
    }
    if (job_current == job) {
        job_current = NULL;
        for (struct sh_job *j = sh_jobs; j; j = j->next)
            if (!j->foreground)
                job_current = j;
    }
    free(job->procs);
    free(job->text);
    free(job);
}

bool sh_job_is_done(const struct sh_job *job)
{
    for (int i = 0; i < job->nprocs; i++)
        if (job->procs[i].state != SH_PROC_DONE)
            return false;
    return true;
}

bool sh_job_is_stopped(const struct sh_job *job)
{
    bool any_stopped = false;
    for (int i = 0; i < job->nprocs; i++) {
        if (job->procs[i].state == SH_PROC_RUNNING)
            return false;
        if (job->procs[i].state == SH_PROC_STOPPED)
            any_stopped = true;
    }
    return any_stopped;
}

/* The status of a pipeline is that of its last command. */
int sh_job_status(const struct sh_job *job)
{
    if (job->nprocs == 0)
        return 0;
    int st = job->procs[job->nprocs - 1].status;
    if (job->procs[job->nprocs - 1].state == SH_PROC_STOPPED)
        return 128 + WSTOPSIG(st);
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return 1;
}

struct sh_job *sh_job_by_pid(pid_t pid)
{
    for (struct sh_job *j = sh_jobs; j; j = j->next)
        for (int i = 0; i < j->nprocs; i++)
            if (j->procs[i].pid == pid)
                return j;
    return NULL;
}

static void record_status(pid_t pid, int st)
{
    struct sh_job *j = sh_job_by_pid(pid);
    if (!j)
        return;
    for (int i = 0; i < j->nprocs; i++) {
        if (j->procs[i].pid != pid)
            continue;
        if (WIFSTOPPED(st)) {
            j->procs[i].state = SH_PROC_STOPPED;
        } else if (WIFCONTINUED(st)) {
            j->procs[i].state = SH_PROC_RUNNING;
            continue;
        } else {
            j->procs[i].state = SH_PROC_DONE;
        }
        j->procs[i].status = st;
        j->notified = false;
    }
}

void sh_jobs_give_terminal(pid_t pgid)
{
    if (sh.job_control && sh.tty_fd >= 0)
        tcsetpgrp(sh.tty_fd, pgid);
}

/* A job that stopped or died may have left the terminal in raw mode (an
 * editor, say): the shell's own modes come back with the terminal. */
static void take_terminal_back(void)
{
    if (!sh.job_control)
        return;
    tcsetpgrp(sh.tty_fd, sh.shell_pgid);
    if (have_shell_tmodes)
        tcsetattr(sh.tty_fd, TCSADRAIN, &shell_tmodes);
}

static const char *signal_text(int sig)
{
    switch (sig) {
    case SIGHUP: return "Hangup";
    case SIGQUIT: return "Quit";
    case SIGILL: return "Illegal instruction";
    case SIGTRAP: return "Trace/breakpoint trap";
    case SIGABRT: return "Aborted";
    case SIGBUS: return "Bus error";
    case SIGFPE: return "Floating point exception";
    case SIGKILL: return "Killed";
    case SIGSEGV: return "Segmentation fault";
    case SIGTERM: return "Terminated";
    case SIGALRM: return "Alarm clock";
    case SIGUSR1: return "User defined signal 1";
    case SIGUSR2: return "User defined signal 2";
    default: return NULL;
    }
}

static void report_signal_death(struct sh_job *job)
{
    int st = job->procs[job->nprocs - 1].status;
    if (!WIFSIGNALED(st))
        return;
    int sig = WTERMSIG(st);
    if (sig == SIGINT) {
        if (sh.interactive)
            dprintf(2, "\n");
        return;
    }
    if (sig == SIGPIPE)
        return;
    const char *t = signal_text(sig);
    if (t)
        dprintf(2, "%s\n", t);
    else
        dprintf(2, "Killed by signal %d\n", sig);
}

int sh_job_wait_fg(struct sh_job *job)
{
    job->foreground = true;
    while (!sh_job_is_done(job) && !sh_job_is_stopped(job)) {
        int st;
        pid_t pid = waitpid(-1, &st, sh.job_control ? WUNTRACED : 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            /* the children are gone from under us: treat them as ended */
            for (int i = 0; i < job->nprocs; i++)
                if (job->procs[i].state != SH_PROC_DONE) {
                    job->procs[i].state = SH_PROC_DONE;
                    job->procs[i].status = 0;
                }
            break;
        }
        record_status(pid, st);
    }
    take_terminal_back();
    int status = sh_job_status(job);
    if (sh_job_is_stopped(job)) {
        job->foreground = false;
        job->notified = true;
        job_current = job;
        dprintf(2, "\n[%d]+  Stopped                 %s\n", job->id, job->text);
    } else {
        report_signal_death(job);
        sh_job_remove(job);
    }
    return status;
}

void sh_job_background(struct sh_job *job)
{
    job->foreground = false;
    job_current = job;
}

void sh_jobs_reap(bool report)
{
    int st;
    pid_t pid;
    while ((pid = waitpid(-1, &st, WNOHANG | (sh.job_control ? WUNTRACED : 0))) > 0)
        record_status(pid, st);
    if (!report)
        return;
    for (struct sh_job *j = sh_jobs, *next; j; j = next) {
        next = j->next;
        if (j->foreground || j->notified)
            continue;
        if (sh_job_is_done(j)) {
            int s = sh_job_status(j);
            int last = j->procs[j->nprocs - 1].status;
            const char *why = WIFSIGNALED(last) ? signal_text(WTERMSIG(last)) : NULL;
            if (why)
                dprintf(2, "[%d]%c  %-24s%s\n", j->id, j == job_current ? '+' : ' ', why, j->text);
            else if (s == 0)
                dprintf(2, "[%d]%c  Done                    %s\n", j->id, j == job_current ? '+' : ' ', j->text);
            else
                dprintf(2, "[%d]%c  Exit %-3d                %s\n", j->id, j == job_current ? '+' : ' ', s,
                        j->text);
            sh_job_remove(j);
        } else if (sh_job_is_stopped(j)) {
            dprintf(2, "[%d]%c  Stopped                 %s\n", j->id, j == job_current ? '+' : ' ', j->text);
            j->notified = true;
        } else {
            j->notified = true;
        }
    }
}

void sh_jobs_print(void)
{
    sh_jobs_reap(false);
    for (struct sh_job *j = sh_jobs, *next; j; j = next) {
        next = j->next;
        if (j->foreground)
            continue;
        const char *state = sh_job_is_done(j) ? "Done" : sh_job_is_stopped(j) ? "Stopped" : "Running";
        dprintf(1, "[%d]%c  %-24s%s\n", j->id, j == job_current ? '+' : ' ', state, j->text);
        if (sh_job_is_done(j))
            sh_job_remove(j);
        else
            j->notified = true;
    }
}

struct sh_job *sh_job_find(const char *spec)
{
    if (!spec || strcmp(spec, "%") == 0 || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0)
        return job_current;
    const char *p = spec[0] == '%' ? spec + 1 : spec;
    char *end;
    long id = strtol(p, &end, 10);
    if (*p && !*end) {
        if (spec[0] != '%') {
            /* a bare number is a process id */
            struct sh_job *j = sh_job_by_pid((pid_t)id);
            if (j)
                return j;
        }
        for (struct sh_job *j = sh_jobs; j; j = j->next)
            if (j->id == id && !j->foreground)
                return j;
        return NULL;
    }
    /* %name: the job whose command starts with name */
    size_t n = strlen(p);
    for (struct sh_job *j = sh_jobs; j; j = j->next)
        if (!j->foreground && strncmp(j->text, p, n) == 0)
            return j;
    return NULL;
}

int sh_job_continue(struct sh_job *job, bool foreground)
{
    for (int i = 0; i < job->nprocs; i++)
        if (job->procs[i].state == SH_PROC_STOPPED)
            job->procs[i].state = SH_PROC_RUNNING;
    job->notified = true;
    if (foreground) {
        dprintf(1, "%s\n", job->text);
        sh_jobs_give_terminal(job->pgid);
        if (kill(-job->pgid, SIGCONT) < 0 && errno != ESRCH)
            sh_error("fg: %s", strerror(errno));
        return sh_job_wait_fg(job);
    }
    job->foreground = false;
    job_current = job;
    if (kill(-job->pgid, SIGCONT) < 0 && errno != ESRCH) {
        sh_error("bg: %s", strerror(errno));
        return 1;
    }
    dprintf(1, "[%d]+ %s &\n", job->id, job->text);
    return 0;
}

int sh_job_wait_one(struct sh_job *job)
{
    while (!sh_job_is_done(job)) {
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        record_status(pid, st);
    }
    int status = sh_job_status(job);
    sh_job_remove(job);
    return status;
}

int sh_jobs_wait_all(void)
{
    for (;;) {
        struct sh_job *pending = NULL;
        for (struct sh_job *j = sh_jobs; j; j = j->next)
            if (!j->foreground && !sh_job_is_done(j) && !sh_job_is_stopped(j))
                pending = j;
        if (!pending)
            break;
        int st;
        pid_t pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        record_status(pid, st);
    }
    /* everything waited for is done: forget it */
    for (struct sh_job *j = sh_jobs, *next; j; j = next) {
        next = j->next;
        if (!j->foreground && sh_job_is_done(j))
            sh_job_remove(j);
    }
    return 0;
}

void sh_jobs_init_terminal(void)
{
    sh.job_control = false;
    sh.tty_fd = fcntl(0, F_DUPFD_CLOEXEC, 10);
    if (sh.tty_fd < 0)
        return;
    pid_t fg = tcgetpgrp(sh.tty_fd);
    if (fg < 0 && getsid(0) == getpid()) {
        /* a session leader without a controlling terminal yet: take this one */
        ioctl(sh.tty_fd, TIOCSCTTY, 0);
        fg = tcgetpgrp(sh.tty_fd);
    }
    if (fg < 0)
        return;
    /* started in the background: wait until we are given the terminal */
    for (int tries = 0; (fg = tcgetpgrp(sh.tty_fd)) != getpgrp() && fg >= 0 && tries < 100; tries++)
        kill(-getpgrp(), SIGTTIN);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    if (getpgrp() != getpid())
        setpgid(0, 0);
    sh.shell_pgid = getpgrp();
    if (tcsetpgrp(sh.tty_fd, sh.shell_pgid) < 0)
        return;
    have_shell_tmodes = tcgetattr(sh.tty_fd, &shell_tmodes) == 0;
    sh.job_control = true;
}
