/* panic: report, backtrace, then stop. Under the test harness QEMU exits
 * with a distinct status so a panic can never pass for a green run. */
#include "kernel/panic.h"
#include "arch/x86/cpu.h"
#include "drivers/qemu_exit.h"
#include "kernel/boot_info.h"
#include "kernel/ksyms.h"
#include "kernel/printk.h"

static volatile int panic_depth;

static __attribute__((noreturn)) void panic_halt(void)
{
    if (boot_info.test_mode)
        qemu_exit(QEMU_EXIT_PANIC);
    for (;;) {
        irq_disable();
        cpu_halt();
    }
}

static bool panic_enter(void)
{
    irq_disable();
    return ++panic_depth == 1;
}

void panic(const char *fmt, ...)
{
    if (!panic_enter()) {
        printk("KERNEL PANIC: (nested panic)\n");
        panic_halt();
    }
    va_list ap;
    va_start(ap, fmt);
    printk("KERNEL PANIC: ");
    vprintk(fmt, ap);
    printk("\n");
    va_end(ap);
    /* Start at our caller: its return address, then its saved frame pointer. */
    const uintptr_t *frame = __builtin_frame_address(0);
    backtrace_print((uintptr_t)__builtin_return_address(0), frame[0]);
    panic_halt();
}

void panic_with_frame(const struct trap_frame *f, const char *why)
{
    if (!panic_enter()) {
        printk("KERNEL PANIC: (nested panic)\n");
        panic_halt();
    }
    printk("KERNEL PANIC: %s\n", why);
    backtrace_print(f->eip, f->ebp);
    panic_halt();
}
