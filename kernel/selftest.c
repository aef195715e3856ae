/* The self-test runner and TAP output. */
#include "kernel/selftest.h"
#include "arch/x86/cpu.h"
#include "kernel/boot_info.h"
#include "kernel/errno.h"
#include "kernel/finalizer.h"
#include "kernel/process.h"
#include "kernel/thread.h"
#include "mm/heap.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include <format.h>
#include <string.h>

extern const struct ktest _ktests_start[], _ktests_end[];

/* Protects the TAP counters; results may come from several threads. */
static struct spinlock tap_lock = SPINLOCK_INIT("tap");
static unsigned tap_count, tap_failed;

void tap_begin(void) { printk("TAP version 13\n"); }

void tap_result(bool ok, const char *name)
{
    irqflags_t fl = spin_lock_irqsave(&tap_lock);
    unsigned n = ++tap_count;
    if (!ok)
        tap_failed++;
    spin_unlock_irqrestore(&tap_lock, fl);
    printk("%sok %u - %s\n", ok ? "" : "not ", n, name);
}

bool tap_finish(void)
{
    printk("1..%u\n", tap_count);
    printk("# %u passed, %u failed in the guest\n", tap_count - tap_failed, tap_failed);
    printk("# kestrel: tests finished\n");
    return tap_failed == 0;
}

void ktest_fail(struct ktest_ctx *t, const char *file, int line, const char *fmt, ...)
{
    t->failures++;
    va_list ap;
    va_start(ap, fmt);
    printk("# %s/%s: %s:%d: ", t->group, t->name, file, line);
    vprintk(fmt, ap);
    printk("\n");
    va_end(ap);
}

/* Recurses until the kernel stack runs into its guard page. */
static volatile unsigned inject_depth_limit = ~0u;
static __attribute__((noinline)) unsigned inject_recurse(unsigned depth)
{
    volatile char frame[256];
    frame[0] = (char)depth;
    if (depth >= inject_depth_limit)
        return 0;
    return inject_recurse(depth + 1) + frame[0];
}

static void inject_overflow_thread(void *arg)
{
    (void)arg;
    inject_recurse(0);
}

/* Deliberate breakage on request (inject=fail|panic|hang|triple|overflow),
 * so the harness can prove that it notices each kind. */
static void selftest_inject(const char *what)
{
    if (strcmp(what, "fail") == 0) {
        tap_result(false, "inject/deliberate-failure");
    } else if (strcmp(what, "panic") == 0) {
        panic("deliberate panic requested on the command line");
    } else if (strcmp(what, "hang") == 0) {
        printk("# inject: hanging with interrupts off\n");
        for (;;) {
            irq_disable();
            cpu_halt();
        }
    } else if (strcmp(what, "overflow") == 0) {
        printk("# inject: kernel stack overflow\n");
        thread_create_kernel(kernel_process, inject_overflow_thread, NULL, THREAD_PRIORITY_NORMAL, "overflow");
        thread_sleep_ns(5ull * 1000000000ull);
        tap_result(false, "inject/stack-overflow-went-unnoticed");
    } else if (strcmp(what, "triple") == 0) {
        printk("# inject: triple fault\n");
        struct {
            uint16_t limit;
            uint32_t base;
        } __attribute__((packed)) empty_idt = {0, 0};
        __asm__ volatile("lidt %0; int3" : : "m"(empty_idt));
    } else {
        printk("# inject: unknown kind '%s'\n", what);
        tap_result(false, "inject/unknown-kind");
    }
}

#define KTEST_TIMEOUT_NS (60ull * 1000000000ull)

/* One test's run. Heap-allocated because a test that times out keeps its
 * thread (blocked for good) and so its record. */
struct ktest_run {
    const struct ktest *test;
    struct ktest_ctx ctx;
    volatile int done;
    struct wait_queue done_wq;
};

static void ktest_thread_main(void *arg)
{
    struct ktest_run *run = arg;
    run->test->fn(&run->ctx);
    run->done = 1;
    wait_queue_wake_all(&run->done_wq);
}

static int ktest_done(void *arg) { return ((struct ktest_run *)arg)->done; }

/* Each test runs in a thread of its own, so a test that blocks forever is
 * reported as a failure after a time limit instead of hanging the suite. */
static bool ktest_run_one(const struct ktest *k)
{
    struct ktest_run *run = kzalloc(sizeof(*run));
    if (!run)
        return false;
    run->test = k;
    run->ctx.group = k->group;
    run->ctx.name = k->name;
    wait_queue_init(&run->done_wq, "ktest");
    if (!thread_create_kernel(kernel_process, ktest_thread_main, run, THREAD_PRIORITY_NORMAL, k->name)) {
        kfree(run);
        printk("# %s/%s: could not create the test thread\n", k->group, k->name);
        return false;
    }
    int rc = wait_queue_wait(&run->done_wq, ktest_done, run, KTEST_TIMEOUT_NS, 0);
    if (rc == -ETIMEDOUT) {
        printk("# %s/%s: timed out after %llu s (blocked forever?)\n", k->group, k->name,
               KTEST_TIMEOUT_NS / 1000000000ull);
        return false;   /* the run record stays with the stuck thread */
    }
    bool ok = run->ctx.failures == 0;
    /* Let the test's threads be freed before the next test measures memory. */
    finalizer_drain();
    kfree(run);
    return ok;
}

/* "ktest=PREFIX" runs only the tests whose group/name starts with PREFIX,
 * and "ktest_repeat=N" runs each N times: for chasing a rare failure. */
void selftest_run_all(void)
{
    char name[96], filter[64], repeat_text[8];
    const char *prefix = cmdline_get("ktest", filter, sizeof(filter));
    unsigned repeat = 1;
    if (cmdline_get("ktest_repeat", repeat_text, sizeof(repeat_text))) {
        repeat = 0;
        for (const char *p = repeat_text; *p >= '0' && *p <= '9'; p++)
            repeat = repeat * 10 + (unsigned)(*p - '0');
        if (repeat == 0)
            repeat = 1;
    }
    for (const struct ktest *k = _ktests_start; k < _ktests_end; k++) {
        snprintf(name, sizeof(name), "%s/%s", k->group, k->name);
        if (prefix && strncmp(name, prefix, strlen(prefix)) != 0)
            continue;
        snprintf(name, sizeof(name), "kernel/%s/%s", k->group, k->name);
        for (unsigned i = 0; i < repeat; i++)
            tap_result(ktest_run_one(k), name);
    }
    char what[16];
    if (cmdline_get("inject", what, sizeof(what)))
        selftest_inject(what);
}
