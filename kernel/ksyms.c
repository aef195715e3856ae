/* Symbol lookup over the table that tools/gen-ksyms.sh generates from the
 * first link pass (sorted by address, text symbols only). */
#include "kernel/ksyms.h"
#include "kernel/printk.h"
#include "mm/layout.h"
#include <string.h>

struct ksym {
    uint32_t address;
    uint32_t name_offset;   /* into ksyms_names */
};
extern const struct ksym ksyms_table[];
extern const uint32_t ksyms_count;
extern const char ksyms_names[];

#define BACKTRACE_MAX_FRAMES 32

const char *ksyms_lookup(uintptr_t addr, uintptr_t *offset)
{
    uint32_t lo = 0, hi = ksyms_count;
    if (hi == 0 || addr < ksyms_table[0].address || addr >= (uintptr_t)_kernel_text_end)
        return NULL;
    while (hi - lo > 1) {   /* last entry with address <= addr */
        uint32_t mid = lo + (hi - lo) / 2;
        if (ksyms_table[mid].address <= addr)
            lo = mid;
        else
            hi = mid;
    }
    if (offset)
        *offset = addr - ksyms_table[lo].address;
    return ksyms_names + ksyms_table[lo].name_offset;
}

uintptr_t ksyms_address_of(const char *name)
{
    for (uint32_t i = 0; i < ksyms_count; i++)
        if (strcmp(ksyms_names + ksyms_table[i].name_offset, name) == 0)
            return ksyms_table[i].address;
    return 0;
}

static void backtrace_print_one(uintptr_t addr)
{
    uintptr_t off;
    const char *name = ksyms_lookup(addr, &off);
    if (name)
        printk("  [%08lx] %s+0x%lx\n", (unsigned long)addr, name, (unsigned long)off);
    else
        printk("  [%08lx] ?\n", (unsigned long)addr);
}

/* Frames must stay inside kernel memory and move upwards, so a corrupt chain
 * ends the walk instead of faulting inside the panic path. */
void backtrace_print(uintptr_t eip, uintptr_t ebp)
{
    printk("backtrace:\n");
    backtrace_print_one(eip);
    for (int i = 0; i < BACKTRACE_MAX_FRAMES && ebp; i++) {
        if (ebp < KERNEL_VIRT_BASE || ebp >= VMAP_END - 8 || (ebp & 3))
            break;
        const uintptr_t *frame = (const uintptr_t *)ebp;
        uintptr_t ret = frame[1];
        if (ret < (uintptr_t)_kernel_text_start || ret >= (uintptr_t)_kernel_text_end)
            break;
        backtrace_print_one(ret);
        if (frame[0] <= ebp)
            break;
        ebp = frame[0];
    }
}
