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
#include <string.h>

#define INIT_DEFAULT        "/bin/init"
#define TEST_RUNNER         "/bin/testrunner"
#define TEST_RUNNER_LIMIT_S 600

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

void userland_run_tests(void)
{
    const char *argv[] = { TEST_RUNNER, NULL };
    /* The runner is pid 1 (orphans of the tests come to it), and the
     * kernel's child so that it can be waited for. */
    int pid = user_process_spawn_path(TEST_RUNNER, argv, default_envp, process_current(), true);
    if (pid < 0) {
        printk("# userland: cannot start %s (error %d)\n", TEST_RUNNER, pid);
        tap_result(false, "user/runner-starts");
        return;
    }
    uint64_t deadline = clock_monotonic_ns() + TEST_RUNNER_LIMIT_S * NSEC_PER_SEC;
    int status = 0, rc = 0;
    while ((rc = process_waitpid(process_current(), pid, &status, true)) == 0) {
        if (clock_monotonic_ns() > deadline) {
            printk("# userland: the test runner did not finish in %d s; killing it\n", TEST_RUNNER_LIMIT_S);
            struct process *p = process_from_pid(pid);
            if (p) {
                signal_send_process(p, SIGKILL, NULL);
                process_put(p);
            }
            process_waitpid(process_current(), pid, &status, false);
            tap_result(false, "user/runner-finishes-in-time");
            return;
        }
        thread_sleep_ns(NSEC_PER_SEC / 20);
    }
    /* The runner's own verdict is its exit status; every test already
     * reported itself through /dev/tap. */
    if (rc != pid || status != WAIT_STATUS_EXITED(0)) {
        printk("# userland: the test runner ended with status %#x\n", status);
        tap_result(false, "user/runner-exits-cleanly");
    }
}
