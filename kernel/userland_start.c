#include "kernel/userland_start.h"
#include "arch/x86/cpu.h"
#include "kernel/boot_info.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/exec.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/selftest.h"
#include "kernel/signal.h"
#include "kernel/tap_device.h"
#include "kernel/thread.h"
#include <format.h>
#include <string.h>

#define INIT_DEFAULT        "/bin/init"

static const char *const default_envp[] = { "PATH=/bin", "HOME=/", "TERM=vt100", NULL };

void userland_start_init(void)
{
    char path[128];
    if (!cmdline_get("init", path, sizeof(path)))
        strlcpy(path, INIT_DEFAULT, sizeof(path));
    const char *argv[] = { path, NULL };
    /* init is an orphan by design: no parent, pid 1. */
    int pid = user_process_spawn_path(path, argv, default_envp, NULL, true);
    if (pid < 0)
        panic("cannot start %s (error %d); nothing else to run", path, pid);
    for (;;) {
        struct process *init = process_from_pid(pid);
        if (!init || init->state == PROCESS_ZOMBIE)
            panic("init (%s, pid %d) ended", path, pid);
        process_put(init);
        thread_sleep_ns(NSEC_PER_SEC);
    }
}

/* The suites, run one after the other. Each reports every result itself
 * through /dev/tap; a suite that cannot start, crashes, hangs or exits
 * non-zero adds a failure of its own. */
static const struct {
    const char *path;
    bool as_init;           /* pid 1: the suite that checks orphan adoption */
    unsigned limit_s;
} test_suites[] = {
    { "/bin/testrunner", true, 600 },
    { "/bin/shelltest", false, 300 },
    { "/bin/libctest", false, 300 },
};

static void userland_run_suite(const char *path, bool as_init, unsigned limit_s)
{
    const char *argv[] = { path, NULL };
    const char *base = strrchr(path, '/') + 1;
    char name[64];
    int pid = user_process_spawn_path(path, argv, default_envp, process_current(), as_init);
    if (pid < 0) {
        printk("# userland: cannot start %s (error %d)\n", path, pid);
        snprintf(name, sizeof(name), "user/%s-starts", base);
        tap_result(false, name);
        return;
    }
    uint64_t deadline = clock_monotonic_ns() + (uint64_t)limit_s * NSEC_PER_SEC;
    int status = 0, rc = 0;
    while ((rc = process_waitpid(process_current(), pid, &status, true)) == 0) {
        if (clock_monotonic_ns() > deadline) {
            printk("# userland: %s did not finish in %u s; killing it\n", path, limit_s);
            struct process *p = process_from_pid(pid);
            if (p) {
                signal_send_process(p, SIGKILL, NULL);
                process_put(p);
            }
            process_waitpid(process_current(), pid, &status, false);
            snprintf(name, sizeof(name), "user/%s-finishes-in-time", base);
            tap_result(false, name);
            return;
        }
        thread_sleep_ns(NSEC_PER_SEC / 20);
    }
    if (rc != pid || status != WAIT_STATUS_EXITED(0)) {
        printk("# userland: %s ended with status %#x\n", path, status);
        snprintf(name, sizeof(name), "user/%s-exits-cleanly", base);
        tap_result(false, name);
    }
}

/* "nousertests" leaves the suites out, for test boots that check one
 * kernel feature and must stay quick (the root= stage of make test). */
void userland_run_tests(void)
{
    if (cmdline_has("nousertests"))
        return;
    for (unsigned i = 0; i < sizeof(test_suites) / sizeof(test_suites[0]); i++)
        userland_run_suite(test_suites[i].path, test_suites[i].as_init, test_suites[i].limit_s);
}
