/* A user process that faults dies with the matching signal; the kernel
 * reports what happened on the console and carries on. */
#include "kernel/user_fault.h"
#include "arch/x86/cpu.h"
#include "arch/x86/interrupts.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "kernel/signal.h"
#include "kernel/signal_numbers.h"
#include "kernel/thread.h"
#include "mm/vm_space.h"

static const char *signal_name(int sig)
{
    switch (sig) {
    case KSIG_ILL: return "SIGILL";
    case KSIG_TRAP: return "SIGTRAP";
    case KSIG_BUS: return "SIGBUS";
    case KSIG_FPE: return "SIGFPE";
    case KSIG_SEGV: return "SIGSEGV";
    default: return "signal";
    }
}

/* The si_code that goes with a fault signal. */
static int fault_signal_code(int signal, const struct trap_frame *f)
{
    switch (signal) {
    case KSIG_SEGV: return (f->vector == EXC_PAGE_FAULT && (f->error & 1)) ? SEGV_ACCERR : SEGV_MAPERR;
    case KSIG_BUS: return BUS_ADRERR;
    case KSIG_ILL: return f->vector == EXC_GP ? ILL_PRVOPC : ILL_ILLOPC;
    case KSIG_FPE: return f->vector == EXC_DIVIDE ? FPE_INTDIV : FPE_FLTINV;
    default: return SI_KERNEL;
    }
}

void user_fault_kill(struct trap_frame *f, int signal, uintptr_t addr)
{
    struct thread *self = thread_current();
    struct process *p = self->process;
    /* A handler may catch it (the delivery happens on the way out); the
     * crash report is for faults that end the process. */
    if (!signal_force_fault(self, signal, fault_signal_code(signal, f), addr))
        return;
    printk("crash: %s (pid %d, tid %d) killed by %s: %s at address %08lx, eip %08x\n", p->name,
           process_pid(p), self->tid, signal_name(signal), exception_name(f->vector), (unsigned long)addr,
           f->eip);
    trap_dump(f);
    if (p->vm) {
        printk("memory regions of %s:\n", p->name);
        vm_space_dump(p->vm);
    }
}

/* The signal each CPU exception means for the user code that caused it. */
static int exception_signal(unsigned vector)
{
    switch (vector) {
    case EXC_DIVIDE: case EXC_X87: case EXC_SIMD: case EXC_DEVICE_NA: return KSIG_FPE;
    case EXC_DEBUG: case EXC_BREAKPOINT: return KSIG_TRAP;
    case EXC_INVALID_OPCODE: return KSIG_ILL;
    case EXC_STACK: case EXC_ALIGNMENT: return KSIG_BUS;
    default: return KSIG_SEGV;   /* overflow, bound, general protection, segment */
    }
}

static void user_exception(struct trap_frame *f)
{
    if (!trap_from_user(f)) {
        uintptr_t off;
        const char *sym = ksyms_lookup(f->eip, &off);
        printk("KERNEL PANIC: %s (vector %u) in kernel mode at eip %08x (%s+0x%lx)\n",
               exception_name(f->vector), f->vector, f->eip, sym ? sym : "?", (unsigned long)off);
        trap_dump(f);
        panic_with_frame(f, "exception in kernel mode");
    }
    user_fault_kill(f, exception_signal(f->vector), f->eip);
}

void user_fault_init(void)
{
    static const unsigned vectors[] = {
        EXC_DIVIDE, EXC_DEBUG, EXC_BREAKPOINT, EXC_OVERFLOW, EXC_BOUND, EXC_INVALID_OPCODE,
        EXC_DEVICE_NA, EXC_STACK, EXC_GP, EXC_X87, EXC_ALIGNMENT, EXC_SIMD, EXC_SEGMENT_NP,
    };
    for (unsigned i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
        trap_register(vectors[i], user_exception);
}
