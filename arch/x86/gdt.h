/* Segment descriptors and the task state segment. */
#ifndef ARCH_X86_GDT_H
#define ARCH_X86_GDT_H
#define GDT_KERNEL_CODE 1
#define GDT_KERNEL_DATA 2
#define GDT_USER_CODE   3
#define GDT_USER_DATA   4
#define GDT_TSS         5
#define GDT_USER_TLS    6   /* base switched per thread, loaded into %gs */
#define GDT_DOUBLE_FAULT_TSS 7  /* a task of its own: runs on a known-good stack */
#define GDT_ENTRIES     8

#define SEL_KERNEL_CODE (GDT_KERNEL_CODE << 3)
#define SEL_KERNEL_DATA (GDT_KERNEL_DATA << 3)
#define SEL_USER_CODE   ((GDT_USER_CODE << 3) | 3)
#define SEL_USER_DATA   ((GDT_USER_DATA << 3) | 3)
#define SEL_TSS         (GDT_TSS << 3)
#define SEL_USER_TLS    ((GDT_USER_TLS << 3) | 3)
#define SEL_DOUBLE_FAULT_TSS (GDT_DOUBLE_FAULT_TSS << 3)

#ifndef __ASSEMBLER__
#include <stdint.h>

struct tss {
    uint32_t prev_task;
    uint32_t esp0, ss0;     /* the kernel stack taken on entry from ring 3 */
    uint32_t esp1, ss1, esp2, ss2;
    uint32_t cr3, eip, eflags, eax, ecx, edx, ebx, esp, ebp, esi, edi;
    uint32_t es, cs, ss, ds, fs, gs, ldt;
    uint16_t trap, iomap_base;
} __attribute__((packed));

void gdt_init(void);
/* Point the TSS at the kernel stack to use on the next entry from user mode. */
void gdt_set_kernel_stack(uint32_t esp0);
/* Set the base of the user TLS segment (reloads %gs if it holds it). */
void gdt_set_tls_base(uint32_t base);
#endif
#endif
