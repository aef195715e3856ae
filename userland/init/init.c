/* init, pid 1: mounts the standard file systems, keeps a program (a shell)
 * running on each console of /etc/inittab, reaps every orphan, and shuts
 * the machine down on request:
 *
 *   SIGTERM  power off
 *   SIGUSR1  reboot
 *
 * Either way every other process is first asked to end (SIGTERM), given a
 * moment, then killed, and the file systems are synced. init never exits:
 * the kernel treats that as fatal. */
#include "init.h"
#include <errno.h>
#include <fcntl.h>
#include <kernel/api/power.h>
#include <kernel/api/syscall_list.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define INITTAB          "/etc/inittab"
#define RETRY_MISSING_MS 5000   /* a program or device that is not there yet */
#define QUICK_DEATH_MS   2000   /* a program that ends this fast is throttled */
#define MAX_PAUSE_MS     30000
#define GRACE_MS         2000   /* between SIGTERM and SIGKILL at shutdown */
/* The main loop looks around at least this often, so a shutdown signal that
 * slips in just before a wait is never left pending for long. */
#define CHECK_EVERY_S    5

static volatile sig_atomic_t shutdown_request;   /* 0, POWER_OFF or POWER_REBOOT */
static struct console consoles[INIT_MAX_CONSOLES];
static int console_count;

void init_log(const char *fmt, ...)
{
    char line[256];
    int n = snprintf(line, sizeof(line), "init: ");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line + n, sizeof(line) - n - 1, fmt, ap);
    va_end(ap);
    size_t len = strlen(line);
    line[len++] = '\n';
    (void)!write(STDERR_FILENO, line, len);
}

long long init_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* libc may not wrap power() yet; it is one system call. */
static long power_call(int command)
{
    long r;
    __asm__ volatile("int $0x82" : "=a"(r) : "a"(SYS_power), "b"(command) : "memory");
    return r;
}

static void on_shutdown_signal(int sig)
{
    shutdown_request = sig == SIGUSR1 ? POWER_REBOOT : POWER_OFF;
}

/* Wakes the main loop's wait so that it re-checks the consoles. */
static void on_alarm(int sig)
{
    (void)sig;
}

static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_shutdown_signal;   /* no SA_RESTART: waits end at once */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGUSR1, &sa, NULL);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    /* Keyboard signals from a console must not reach pid 1. */
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGTSTP, SIG_IGN);
    signal(SIGTTIN, SIG_IGN);
    signal(SIGTTOU, SIG_IGN);
    signal(SIGHUP, SIG_IGN);
}

/* In the child: a new session whose controlling terminal is the console. */
__attribute__((noreturn)) static void exec_on_console(struct console *c)
{
    setsid();
    int fd = open(c->device, O_RDWR);
    if (fd < 0) {
        init_log("%s: %s", c->device, strerror(errno));
        _exit(126);
    }
    /* A terminal layer without job control still gives a usable console. */
    ioctl(fd, TIOCSCTTY, 0);
    dup2(fd, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
        close(fd);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    for (int s = 1; s < NSIG; s++)
        if (s != SIGKILL && s != SIGSTOP)
            signal(s, SIG_DFL);
    char *envp[] = { "PATH=/bin", "HOME=/", "TERM=vt100", NULL };
    execve(c->argv[0], c->argv, envp);
    init_log("cannot run %s on %s: %s", c->argv[0], c->device, strerror(errno));
    _exit(127);
}

static void start_console(struct console *c, long long now)
{
    if (access(c->device, F_OK) < 0 || access(c->argv[0], X_OK) < 0) {
        if (c->retry_at_ms == 0)
            init_log("%s or %s is not there (yet); checking again every %d s", c->device, c->argv[0],
                     RETRY_MISSING_MS / 1000);
        c->retry_at_ms = now + RETRY_MISSING_MS;
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        init_log("fork for %s: %s", c->device, strerror(errno));
        c->retry_at_ms = now + RETRY_MISSING_MS;
        return;
    }
    if (pid == 0)
        exec_on_console(c);
    c->pid = pid;
    c->started_ms = now;
    c->retry_at_ms = 0;
}

static void console_ended(struct console *c, int status, long long now)
{
    c->pid = 0;
    if (now - c->started_ms < QUICK_DEATH_MS) {
        /* Something is wrong with it: do not spin. */
        c->quick_deaths++;
        long long pause = 1000LL << (c->quick_deaths < 5 ? c->quick_deaths : 5);
        if (pause > MAX_PAUSE_MS)
            pause = MAX_PAUSE_MS;
        if (c->quick_deaths == 3)
            init_log("%s on %s keeps ending (status %#x); slowing down", c->argv[0], c->device, status);
        c->retry_at_ms = now + pause;
    } else {
        c->quick_deaths = 0;
        c->retry_at_ms = now;
    }
}

/* Starts what is due and returns the milliseconds until the next console
 * needs attention, or -1 when none does. */
static long long tend_consoles(void)
{
    long long now = init_now_ms(), next = -1;
    for (int i = 0; i < console_count; i++) {
        struct console *c = &consoles[i];
        if (c->pid == 0 && c->retry_at_ms <= now)
            start_console(c, now);
        if (c->pid == 0) {
            long long wait = c->retry_at_ms - now;
            if (next < 0 || wait < next)
                next = wait;
        }
    }
    return next;
}

static void reap(pid_t pid, int status)
{
    long long now = init_now_ms();
    for (int i = 0; i < console_count; i++)
        if (consoles[i].pid == pid)
            console_ended(&consoles[i], status, now);
    /* Anything else was an orphan we adopted: reaping it is all. */
}

__attribute__((noreturn)) static void shut_down(int how)
{
    init_log("%s: stopping every process", how == POWER_REBOOT ? "reboot" : "power-off");
    signal(SIGTERM, SIG_IGN);
    kill(-1, SIGTERM);
    long long until = init_now_ms() + GRACE_MS;
    while (init_now_ms() < until) {
        int status;
        pid_t r = waitpid(-1, &status, WNOHANG);
        if (r < 0 && errno == ECHILD)
            break;
        if (r <= 0)
            usleep(50000);
    }
    kill(-1, SIGKILL);
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    sync();
    long rc = power_call(how);
    init_log("power call failed (%ld); halting here", rc);
    for (;;)
        pause();
}

int main(void)
{
    if (getpid() != 1)
        init_log("running as pid %d, not 1: orphans will not come to us", getpid());
    install_handlers();
    init_mount_all();
    console_count = inittab_read(INITTAB, consoles, INIT_MAX_CONSOLES);
    if (console_count == 0)
        init_log("no consoles to run; only reaping orphans");

    for (;;) {
        if (shutdown_request)
            shut_down(shutdown_request);
        long long next = tend_consoles();
        /* Sleep in waitpid until a child ends, a signal comes, or the next
         * retry is due (SIGALRM). */
        long long nap_s = next < 0 ? CHECK_EVERY_S : next / 1000 + 1;
        if (nap_s > CHECK_EVERY_S)
            nap_s = CHECK_EVERY_S;
        alarm((unsigned)nap_s);
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid > 0)
            reap(pid, status);
        else if (errno == ECHILD)
            pause();    /* nobody to wait for: until the alarm or a signal */
        alarm(0);
    }
}
