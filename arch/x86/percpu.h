/* Per-CPU state. There is one CPU today; every user goes through this_cpu()
 * so that SMP only has to change how the block is found. */
#ifndef ARCH_X86_PERCPU_H
#define ARCH_X86_PERCPU_H
#include "arch/x86/gdt.h"
#include <stdint.h>

struct thread;
struct vm_space;

struct gdt_entry {
    uint16_t limit_low;
    uint16_t base_low;
    uint8_t base_mid;
    uint8_t access;
    uint8_t limit_high_flags;
    uint8_t base_high;
} __attribute__((packed));

struct cpu {
    int id;
    struct thread *current;     /* the thread running on this CPU */
    struct thread *idle;        /* runs when nothing else can */
    int irq_depth;              /* >0 while handling a hardware interrupt */
    int preempt_disable;        /* >0: the scheduler must not switch away */
    int need_resched;           /* set by the timer, honoured on the way out */
    struct vm_space *vm;        /* the user address space loaded in CR3; NULL: kernel only */
    struct gdt_entry gdt[GDT_ENTRIES];
    struct tss tss;
    struct tss double_fault_tss;    /* the task the CPU switches to on #DF */
};

extern struct cpu cpu_boot;

static inline struct cpu *this_cpu(void) { return &cpu_boot; }
static inline int in_irq(void) { return this_cpu()->irq_depth > 0; }
#endif
