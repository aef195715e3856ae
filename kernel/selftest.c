/* The self-test runner and TAP output. */
#include "kernel/selftest.h"
#include "arch/x86/cpu.h"
#include "kernel/boot_info.h"
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
    printk("# kestrel: tests finished, %u passed, %u failed\n", tap_count - tap_failed, tap_failed);
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

/* Deliberate breakage on request (inject=fail|panic|hang|triple), so the
 * harness can prove that it notices each kind. */
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

void selftest_run_all(void)
{
    char name[96];
    for (const struct ktest *k = _ktests_start; k < _ktests_end; k++) {
        struct ktest_ctx ctx = { .group = k->group, .name = k->name, .failures = 0 };
        k->fn(&ctx);
        snprintf(name, sizeof(name), "kernel/%s/%s", k->group, k->name);
        tap_result(ctx.failures == 0, name);
    }
    char what[16];
    if (cmdline_get("inject", what, sizeof(what)))
        selftest_inject(what);
}
