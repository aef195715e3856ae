/* The IDT and the C side of interrupt entry: exceptions, IRQ dispatch and
 * software-interrupt vectors. */
#include "arch/x86/interrupts.h"
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/page_fault.h"
#include "arch/x86/percpu.h"
#include "arch/x86/pic.h"
#include "kernel/errno.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched_hooks.h"
#include "kernel/spinlock.h"

#define GATE_INTERRUPT  0x8E    /* present, ring 0, 32-bit interrupt gate */
#define GATE_USER       0x60    /* DPL 3: reachable with int from ring 3 */
#define GATE_TASK       0x85    /* present, ring 0, task gate */

struct idt_gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t zero;
    uint8_t type_attr;
    uint16_t offset_high;
} __attribute__((packed));

extern const uint32_t interrupt_stub_table[256];
static struct idt_gate idt[256];

struct irq_slot {
    irq_handler_fn fn;
    void *ctx;
};
/* Protects irq_slots against concurrent (un)registration. */
static struct spinlock irq_slots_lock = SPINLOCK_INIT("irq_slots");
static struct irq_slot irq_slots[IRQ_COUNT];
static trap_handler_fn trap_handlers[256];

static const char *const exception_names[32] = {
    "divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
    "invalid opcode", "device not available", "double fault", "coprocessor overrun",
    "invalid TSS", "segment not present", "stack fault", "general protection",
    "page fault", "reserved", "x87 floating point", "alignment check", "machine check",
    "SIMD floating point", "virtualization", "control protection",
};

const char *exception_name(unsigned vector)
{
    if (vector < 32 && exception_names[vector])
        return exception_names[vector];
    return "reserved exception";
}

static void idt_set_gate(unsigned vector, uint32_t handler, uint8_t attr)
{
    idt[vector].offset_low = handler & 0xFFFF;
    idt[vector].selector = SEL_KERNEL_CODE;
    idt[vector].zero = 0;
    idt[vector].type_attr = attr;
    idt[vector].offset_high = handler >> 16;
}

void idt_init(void)
{
    for (unsigned v = 0; v < 256; v++)
        idt_set_gate(v, interrupt_stub_table[v], GATE_INTERRUPT);
    /* The one door from user mode into the kernel. An interrupt gate (not a
     * trap gate) so the kernel enters with interrupts off and decides itself
     * when to take them again. */
    idt_set_gate(SYSCALL_VECTOR, interrupt_stub_table[SYSCALL_VECTOR], GATE_INTERRUPT | GATE_USER);
    /* int3 is how user programs (debuggers, assertion traps) ask for
     * SIGTRAP; with a ring-0 gate it would raise #GP and a SIGSEGV instead. */
    idt_set_gate(EXC_BREAKPOINT, interrupt_stub_table[EXC_BREAKPOINT], GATE_INTERRUPT | GATE_USER);
    /* A task gate: the double fault gets a fresh stack (arch/x86/double_fault.c). */
    idt[EXC_DOUBLE_FAULT] = (struct idt_gate){ .offset_low = 0, .selector = SEL_DOUBLE_FAULT_TSS, .zero = 0,
                                               .type_attr = GATE_TASK, .offset_high = 0 };

    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) idtr = { sizeof(idt) - 1, (uint32_t)idt };
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

int irq_register(unsigned irq, irq_handler_fn fn, void *ctx)
{
    if (irq >= IRQ_COUNT || !fn)
        return -EINVAL;
    irqflags_t fl = spin_lock_irqsave(&irq_slots_lock);
    if (irq_slots[irq].fn) {
        spin_unlock_irqrestore(&irq_slots_lock, fl);
        return -EBUSY;
    }
    irq_slots[irq].fn = fn;
    irq_slots[irq].ctx = ctx;
    spin_unlock_irqrestore(&irq_slots_lock, fl);
    pic_unmask(irq);
    return 0;
}

void irq_unregister(unsigned irq)
{
    if (irq >= IRQ_COUNT)
        return;
    pic_mask(irq);
    irqflags_t fl = spin_lock_irqsave(&irq_slots_lock);
    irq_slots[irq].fn = NULL;
    irq_slots[irq].ctx = NULL;
    spin_unlock_irqrestore(&irq_slots_lock, fl);
}

void trap_register(unsigned vector, trap_handler_fn fn)
{
    ASSERT(vector < 256);
    trap_handlers[vector] = fn;
}

void trap_dump(const struct trap_frame *f)
{
    bool user = trap_from_user(f);
    printk("  eax=%08x ebx=%08x ecx=%08x edx=%08x\n", f->eax, f->ebx, f->ecx, f->edx);
    printk("  esi=%08x edi=%08x ebp=%08x esp=%08x\n", f->esi, f->edi, f->ebp,
           user ? f->user_esp : f->esp_at_pusha + 20);
    printk("  eip=%08x eflags=%08x cs=%04x ds=%04x es=%04x fs=%04x gs=%04x ss=%04x\n",
           f->eip, f->eflags, f->cs, f->ds, f->es, f->fs, f->gs, user ? f->user_ss : SEL_KERNEL_DATA);
    printk("  vector=%u error=%08x cr0=%08x cr2=%08x cr3=%08x cr4=%08x\n", f->vector, f->error,
           read_cr0(), read_cr2(), read_cr3(), read_cr4());
    uintptr_t off;
    const char *sym = user ? NULL : ksyms_lookup(f->eip, &off);
    if (sym)
        printk("  eip is %s+0x%lx\n", sym, (unsigned long)off);
    else
        printk("  eip is %s\n", user ? "in user space" : "not in kernel text");
    if (f->vector == EXC_PAGE_FAULT)
        printk("  page fault at cr2=%08x: %s, %s, %s mode%s\n", read_cr2(),
               f->error & PF_ERR_PRESENT ? "protection violation" : "page not present",
               f->error & PF_ERR_FETCH ? "instruction fetch" : f->error & PF_ERR_WRITE ? "write" : "read",
               f->error & PF_ERR_USER ? "user" : "kernel", f->error & PF_ERR_RSVD ? ", reserved bit set" : "");
}

static void handle_irq(struct trap_frame *f)
{
    unsigned irq = f->vector - IRQ_BASE_VECTOR;
    if (pic_is_spurious(irq))
        return;
    struct cpu *cpu = this_cpu();
    cpu->irq_depth++;
    struct irq_slot slot = irq_slots[irq];
    /* Acknowledge first: a handler may switch threads and not come back here soon. */
    pic_eoi(irq);
    if (slot.fn)
        slot.fn(f, slot.ctx);
    cpu->irq_depth--;
}

static void handle_unclaimed_exception(struct trap_frame *f)
{
    const char *sym = trap_from_user(f) ? NULL : ksyms_lookup(f->eip, NULL);
    printk("KERNEL PANIC: unhandled %s (vector %u) in %s mode at eip %08x%s%s\n",
           exception_name(f->vector), f->vector, trap_from_user(f) ? "user" : "kernel", f->eip,
           sym ? " in " : "", sym ? sym : "");
    trap_dump(f);
    panic_with_frame(f, "unhandled exception");
}

void interrupt_dispatch(struct trap_frame *f);
void interrupt_dispatch(struct trap_frame *f)
{
    /* Interrupt gates leave EFLAGS.AC alone: user code (or an interrupted
     * user copy) could hand us an open SMAP window. Close it; iret restores
     * the interrupted context's own flag. */
    if (cpu_features.smap)
        __asm__ volatile("clac" ::: "memory", "cc");
    unsigned v = f->vector;
    if (v >= IRQ_BASE_VECTOR && v < IRQ_BASE_VECTOR + IRQ_COUNT)
        handle_irq(f);
    else if (trap_handlers[v])
        trap_handlers[v](f);
    else if (v < 32)
        handle_unclaimed_exception(f);
    else
        printk("interrupts: unexpected vector %u ignored\n", v);
    sched_on_interrupt_exit(f);
}
