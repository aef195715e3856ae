/* A flat GDT: kernel and user code/data, one TSS, one user TLS segment.
 * Single CPU for now; with SMP each CPU gets its own copy in its per-CPU
 * block, which is why the tables are reached through this_cpu(). */
#include "arch/x86/gdt.h"
#include "arch/x86/percpu.h"
#include <string.h>

#define ACCESS_PRESENT  0x80
#define ACCESS_RING3    0x60
#define ACCESS_SEGMENT  0x10    /* code/data rather than system */
#define ACCESS_CODE     0x0A    /* executable, readable */
#define ACCESS_DATA     0x02    /* writable */
#define ACCESS_TSS      0x09    /* 32-bit available TSS */
#define FLAGS_4K_32BIT  0xC     /* granularity 4 KiB, 32-bit default size */

static void gdt_set(struct gdt_entry *gdt, int i, uint32_t base, uint32_t limit,
                    uint8_t access, uint8_t flags)
{
    gdt[i].limit_low = limit & 0xFFFF;
    gdt[i].base_low = base & 0xFFFF;
    gdt[i].base_mid = (base >> 16) & 0xFF;
    gdt[i].access = access;
    gdt[i].limit_high_flags = ((limit >> 16) & 0x0F) | (flags << 4);
    gdt[i].base_high = (base >> 24) & 0xFF;
}

void gdt_init(void)
{
    struct cpu *cpu = this_cpu();
    struct gdt_entry *gdt = cpu->gdt;
    memset(gdt, 0, sizeof(cpu->gdt));
    gdt_set(gdt, GDT_KERNEL_CODE, 0, 0xFFFFF, ACCESS_PRESENT | ACCESS_SEGMENT | ACCESS_CODE, FLAGS_4K_32BIT);
    gdt_set(gdt, GDT_KERNEL_DATA, 0, 0xFFFFF, ACCESS_PRESENT | ACCESS_SEGMENT | ACCESS_DATA, FLAGS_4K_32BIT);
    gdt_set(gdt, GDT_USER_CODE, 0, 0xFFFFF,
            ACCESS_PRESENT | ACCESS_RING3 | ACCESS_SEGMENT | ACCESS_CODE, FLAGS_4K_32BIT);
    gdt_set(gdt, GDT_USER_DATA, 0, 0xFFFFF,
            ACCESS_PRESENT | ACCESS_RING3 | ACCESS_SEGMENT | ACCESS_DATA, FLAGS_4K_32BIT);
    gdt_set(gdt, GDT_USER_TLS, 0, 0xFFFFF,
            ACCESS_PRESENT | ACCESS_RING3 | ACCESS_SEGMENT | ACCESS_DATA, FLAGS_4K_32BIT);

    memset(&cpu->tss, 0, sizeof(cpu->tss));
    cpu->tss.ss0 = SEL_KERNEL_DATA;
    cpu->tss.iomap_base = sizeof(cpu->tss);  /* no I/O bitmap: user port I/O faults */
    gdt_set(gdt, GDT_TSS, (uint32_t)&cpu->tss, sizeof(cpu->tss) - 1, ACCESS_PRESENT | ACCESS_TSS, 0);
    gdt_set(gdt, GDT_DOUBLE_FAULT_TSS, (uint32_t)&cpu->double_fault_tss, sizeof(cpu->double_fault_tss) - 1,
            ACCESS_PRESENT | ACCESS_TSS, 0);

    struct {
        uint16_t limit;
        uint32_t base;
    } __attribute__((packed)) gdtr = { sizeof(cpu->gdt) - 1, (uint32_t)gdt };

    __asm__ volatile(
        "lgdt %0\n\t"
        "ljmp %1, $1f\n"            /* reload CS with the new kernel code selector */
        "1:\n\t"
        "movw %w2, %%ds\n\t"
        "movw %w2, %%es\n\t"
        "movw %w2, %%fs\n\t"
        "movw %w2, %%gs\n\t"
        "movw %w2, %%ss\n\t"
        "ltr %w3\n\t"
        :
        : "m"(gdtr), "i"(SEL_KERNEL_CODE), "r"(SEL_KERNEL_DATA), "r"(SEL_TSS)
        : "memory");
}

void gdt_set_kernel_stack(uint32_t esp0)
{
    this_cpu()->tss.esp0 = esp0;
}

void gdt_set_tls_base(uint32_t base)
{
    struct cpu *cpu = this_cpu();
    gdt_set(cpu->gdt, GDT_USER_TLS, base, 0xFFFFF,
            ACCESS_PRESENT | ACCESS_RING3 | ACCESS_SEGMENT | ACCESS_DATA, FLAGS_4K_32BIT);
}
