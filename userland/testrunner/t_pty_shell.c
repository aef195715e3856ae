/* Job control as a person at a terminal uses it: the real shell runs
 * interactively on a pseudo-terminal's slave, and the test types at the
 * master (a command, ^Z, jobs, bg, fg, ^C, exit) and reads the screen. */
#include "ptylib.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#define PROMPT "PTYSH> "

struct shell {
    int master;
    pid_t pid;
    struct pty_log log;
};

static void type(struct shell *sh, const char *text)
{
    CHECK_EQ(tl_write_all(sh->master, text, strlen(text)), (ssize_t)strlen(text));
}

/* Whether the terminal's foreground group is a process running `program`
 * (after its exec: before it, the shell's child may still be ignoring the
 * signals the shell ignores). */
struct fg_wait {
    int master;
    const char *program;
    pid_t pgrp;
};

static bool fg_runs(void *arg)
{
    struct fg_wait *w = arg;
    pid_t pg = tcgetpgrp(w->master);
    if (pg <= 0)
        return false;
    char path[40], cmd[64];
    snprintf(path, sizeof(path), "/proc/%d/cmdline", pg);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, cmd, sizeof(cmd) - 1);
    close(fd);
    if (n <= 0)
        return false;
    cmd[n] = 0;
    const char *base = strrchr(cmd, '/');
    base = base ? base + 1 : cmd;
    if (strcmp(base, w->program) != 0)
        return false;
    w->pgrp = pg;
    return true;
}

static bool wait_fg(struct shell *sh, const char *program, pid_t *pgrp)
{
    struct fg_wait w = { sh->master, program, 0 };
    if (!pty_wait_until(fg_runs, &w, PTY_WAIT_MS)) {
        tl_fail(__FILE__, __LINE__, "%s never became the foreground job (foreground group %d)", program,
                tcgetpgrp(sh->master));
        return false;
    }
    *pgrp = w.pgrp;
    return true;
}

static bool shell_exited(void *arg)
{
    struct shell *sh = arg;
    int status;
    pid_t r = waitpid(sh->pid, &status, WNOHANG);
    if (r != sh->pid)
        return false;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        tl_fail(__FILE__, __LINE__, "the shell %s, expected exit 0", tl_status_text(status));
    sh->pid = 0;
    return true;
}

/* Each step needs the one before it: the first that fails ends the
 * session (its check says why). *job is the sleep's group while it lives. */
static bool job_control_session(struct shell *sh, pid_t *job)
{
    if (!pty_expect(&sh->log, PROMPT))
        return false;
    type(sh, "sleep 50\r");
    if (!wait_fg(sh, "sleep", job))
        return false;

    type(sh, "\032");
    if (!pty_expect(&sh->log, "Stopped") || !pty_expect(&sh->log, PROMPT))
        return false;
    type(sh, "jobs\r");
    if (!pty_expect(&sh->log, "[1]+  Stopped") || !pty_expect(&sh->log, "sleep 50") ||
        !pty_expect(&sh->log, PROMPT))
        return false;

    type(sh, "bg\r");
    if (!pty_expect(&sh->log, "sleep 50 &") || !pty_expect(&sh->log, PROMPT))
        return false;
    type(sh, "jobs\r");
    if (!pty_expect(&sh->log, "[1]+  Running") || !pty_expect(&sh->log, PROMPT))
        return false;
    /* Continued for real, not just relabelled. */
    char path[40], stat[256];
    snprintf(path, sizeof(path), "/proc/%d/stat", *job);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n = fd >= 0 ? read(fd, stat, sizeof(stat) - 1) : -1;
    if (fd >= 0)
        close(fd);
    if (CHECK(n > 0)) {
        stat[n] = 0;
        if (strstr(stat, " stopped "))
            tl_fail(__FILE__, __LINE__, "bg left the job stopped: %s", stat);
    }

    type(sh, "fg\r");
    pid_t again;
    if (!pty_expect(&sh->log, "sleep 50") || !wait_fg(sh, "sleep", &again))
        return false;
    CHECK_EQ(again, *job);
    type(sh, "\003");
    if (!pty_expect(&sh->log, PROMPT))
        return false;
    /* The shell reaped it before prompting: nothing of the job is left. */
    CHECK_ERRNO(kill(-*job, 0), ESRCH);
    *job = 0;

    /* ^C went to the job, not to the shell. */
    type(sh, "echo ali\"ve\"\r");
    if (!pty_expect(&sh->log, "alive\r\n") || !pty_expect(&sh->log, PROMPT))
        return false;
    type(sh, "exit\r");
    if (!pty_wait_until(shell_exited, sh, PTY_WAIT_MS)) {
        tl_fail(__FILE__, __LINE__, "the shell did not exit");
        return false;
    }
    return true;
}

TEST(pty, shell_job_control_through_a_terminal)
{
    char slave[64];
    struct shell sh = { 0 };
    sh.master = pty_open_pair(slave, sizeof(slave));
    sh.log.fd = sh.master;
    sh.pid = tl_fork();
    if (sh.pid == 0) {
        pty_become_session(slave, sh.master);
        char *argv[] = { "sh", "-i", NULL };
        char *envp[] = { "PATH=/bin", "HOME=/", "TERM=vt100", "PS1=" PROMPT, NULL };
        execve("/bin/sh", argv, envp);
        _exit(127);
    }
    pid_t job = 0;
    job_control_session(&sh, &job);
    /* Nothing of the session outlives the test, whatever happened. */
    if (job > 0)
        kill(-job, SIGKILL);
    if (sh.pid > 0) {
        kill(sh.pid, SIGKILL);
        waitpid(sh.pid, NULL, 0);
    }
    close(sh.master);
}
