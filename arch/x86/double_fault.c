/* Double faults run as a separate hardware task with a stack of their own.
 * The usual cause is a kernel stack overflow: the page fault on the guard
 * page cannot push its frame on the same broken stack, so the CPU raises a
 * double fault. An ordinary interrupt gate would fault a third time and
 * reset the machine silently; a task switch gets a clean stack and lets us
 * report what happened. The interrupted state is in the main TSS, where the
 * CPU saved it on the switch. */
#include "arch/x86/double_fault.h"
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "kernel/ksyms.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/layout.h"

#define DOUBLE_FAULT_STACK_SIZE 8192

static uint8_t double_fault_stack[DOUBLE_FAULT_STACK_SIZE] __attribute__((aligned(16)));

static bool address_in_vmap_guard(uint32_t addr)
{
    return addr >= VMAP_START && addr < VMAP_END && !paging_query(NULL, PAGE_ALIGN_DOWN(addr), NULL, NULL);
}

static __attribute__((noreturn)) void double_fault_task(void)
{
    const struct tss *t = &this_cpu()->tss;
    uintptr_t off = 0;
    const char *sym = ksyms_lookup(t->eip, &off);
    bool overflow = address_in_vmap_guard(t->esp) || address_in_vmap_guard(read_cr2());
    printk("KERNEL PANIC: double fault%s\n", overflow ? ": kernel stack overflow (guard page below a kernel stack)" : "");
    printk("  eip=%08x (%s+0x%lx) esp=%08x ebp=%08x cr2=%08x\n", t->eip, sym ? sym : "?", (unsigned long)off,
           t->esp, t->ebp, read_cr2());
    printk("  eax=%08x ebx=%08x ecx=%08x edx=%08x esi=%08x edi=%08x eflags=%08x\n", t->eax, t->ebx, t->ecx,
           t->edx, t->esi, t->edi, t->eflags);
    panic("double fault");
}

void double_fault_init(void)
{
    struct tss *d = &this_cpu()->double_fault_tss;
    d->eip = (uint32_t)double_fault_task;
    d->esp = (uint32_t)(double_fault_stack + DOUBLE_FAULT_STACK_SIZE);
    d->ebp = 0;
    d->cs = SEL_KERNEL_CODE;
    d->ss = d->ds = d->es = d->fs = d->gs = SEL_KERNEL_DATA;
    d->ss0 = SEL_KERNEL_DATA;
    d->esp0 = d->esp;
    d->eflags = 0x2;    /* interrupts off */
    /* The kernel half is the same in every address space, but the user half
     * of whatever was loaded may be gone: use the kernel's own tables. */
    d->cr3 = (uint32_t)kernel_page_dir.pdpt_phys;
    d->iomap_base = sizeof(*d);
}
