/* What the kernel learned at boot: the Multiboot information, the command
 * line, and the CPU features with the protections they switch on. */
#include "arch/x86/cpu.h"
#include "kernel/boot_info.h"
#include "kernel/selftest.h"
#include "mm/layout.h"
#include "mm/pmm.h"
#include <string.h>

static const struct boot_memory_range *usable_range_holding(uint64_t start, uint64_t end)
{
    for (unsigned i = 0; i < boot_info.range_count; i++) {
        const struct boot_memory_range *r = &boot_info.ranges[i];
        if (r->usable && start >= r->base && end <= r->base + r->length)
            return r;
    }
    return NULL;
}

KTEST(boot, memory_map_parsed)
{
    KT_ASSERT(t, boot_info.range_count > 0);
    KT_CHECK(t, boot_info.range_count <= BOOT_MAX_MEMORY_RANGES);
    uint64_t usable = 0;
    for (unsigned i = 0; i < boot_info.range_count; i++) {
        KT_CHECK(t, boot_info.ranges[i].length > 0);
        if (boot_info.ranges[i].usable)
            usable += boot_info.ranges[i].length;
    }
    /* GRUB put the kernel in RAM, so the map must say that RAM is usable. */
    KT_CHECK(t, usable_range_holding((uintptr_t)_kernel_phys_start, (uintptr_t)_kernel_phys_end) != NULL);
    KT_CHECK(t, (uint64_t)pmm_total_frames() * PAGE_SIZE <= usable);
    KT_CHECK(t, pmm_total_frames() >= (16u << 20) / PAGE_SIZE);
    KT_CHECK(t, boot_info.info_phys_start < boot_info.info_phys_end);
    for (unsigned i = 0; i < boot_info.module_count; i++)
        KT_CHECK(t, boot_info.modules[i].phys_start <= boot_info.modules[i].phys_end);
}

KTEST(boot, cmdline_and_loader)
{
    KT_CHECK(t, memchr(boot_info.cmdline, 0, sizeof(boot_info.cmdline)) != NULL);
    KT_CHECK(t, strstr(boot_info.cmdline, "test") != NULL);
    KT_CHECK(t, cmdline_has("test"));
    KT_CHECK(t, boot_info.test_mode);
    KT_CHECK(t, memchr(boot_info.loader_name, 0, sizeof(boot_info.loader_name)) != NULL);
    KT_CHECK(t, boot_info.loader_name[0] != 0);
}

/* The parser works on boot_info.cmdline; a known line is swapped in for the
 * duration of the test and the real one put back. */
KTEST(boot, cmdline_parsing)
{
    static char saved[BOOT_CMDLINE_MAX];
    memcpy(saved, boot_info.cmdline, sizeof(saved));
    strlcpy(boot_info.cmdline, "  testing=no quiet inject=hang  root=/dev/hda1 x= y", sizeof(boot_info.cmdline));
    char buf[8];

    bool has_test = cmdline_has("test");
    bool has_quiet = cmdline_has("quiet");
    bool has_inject = cmdline_has("inject");
    bool has_y = cmdline_has("y");
    bool has_roo = cmdline_has("roo");
    bool has_hang = cmdline_has("hang");
    const char *inject = cmdline_get("inject", buf, sizeof(buf));
    char inject_copy[8] = "";
    if (inject)
        strlcpy(inject_copy, inject, sizeof(inject_copy));
    char small[4];
    const char *root = cmdline_get("root", small, sizeof(small));
    char root_copy[4] = "";
    if (root)
        strlcpy(root_copy, root, sizeof(root_copy));
    const char *x = cmdline_get("x", buf, sizeof(buf));
    size_t x_len = x ? strlen(x) : 99;
    const char *quiet = cmdline_get("quiet", buf, sizeof(buf));
    const char *missing = cmdline_get("missing", buf, sizeof(buf));

    memcpy(boot_info.cmdline, saved, sizeof(saved));

    KT_CHECK(t, !has_test);     /* "testing" is another word */
    KT_CHECK(t, has_quiet);
    KT_CHECK(t, has_inject);
    KT_CHECK(t, has_y);
    KT_CHECK(t, !has_roo);
    KT_CHECK(t, !has_hang);     /* values are not words */
    KT_CHECK(t, inject != NULL && strcmp(inject_copy, "hang") == 0);
    KT_CHECK(t, root != NULL && strcmp(root_copy, "/de") == 0);   /* truncated to fit */
    KT_CHECK(t, x != NULL && x_len == 0);
    KT_CHECK(t, quiet == NULL); /* a flag has no value */
    KT_CHECK(t, missing == NULL);
    KT_CHECK(t, cmdline_has("test"));   /* the real line is back */
}

KTEST(boot, cpu_features_and_protections)
{
    KT_CHECK_EQ(t, strlen(cpu_features.vendor), 12);
    KT_CHECK(t, memchr(cpu_features.brand, 0, sizeof(cpu_features.brand)) != NULL);
    KT_CHECK(t, read_cr4() & CR4_PAE);
    KT_CHECK(t, read_cr0() & CR0_WP);   /* the kernel obeys read-only pages */
    bool nxe = (rdmsr(MSR_EFER) & EFER_NXE) != 0;
    KT_CHECK_EQ(t, nxe, cpu_features.nx);
    KT_CHECK_EQ(t, (read_cr4() & CR4_SMEP) != 0, cpu_features.smep);
    KT_CHECK_EQ(t, (read_cr4() & CR4_PGE) != 0, cpu_features.pge);
    /* The feature bits must be what CPUID says, not defaults. */
    uint32_t r[4];
    cpuid(0x80000000, 0, r);
    if (r[0] >= 0x80000001) {
        cpuid(0x80000001, 0, r);
        KT_CHECK_EQ(t, (r[3] >> 20) & 1, cpu_features.nx);
    }
    cpuid(1, 0, r);
    KT_CHECK_EQ(t, (r[3] >> 13) & 1, cpu_features.pge);
}

KTEST(boot, kernel_image_layout)
{
    /* Sections are page aligned so that each can get its own protection. */
    uintptr_t bounds[] = {
        (uintptr_t)_kernel_text_start, (uintptr_t)_kernel_text_end,
        (uintptr_t)_kernel_rodata_start, (uintptr_t)_kernel_rodata_end,
        (uintptr_t)_kernel_data_start, (uintptr_t)_kernel_data_end,
    };
    for (unsigned i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
        KT_CHECK_EQ(t, bounds[i] & (PAGE_SIZE - 1), 0);
        if (i > 0)
            KT_CHECK(t, bounds[i - 1] <= bounds[i]);
    }
    KT_CHECK(t, (uintptr_t)_kernel_text_start >= KERNEL_VIRT_BASE);
    KT_CHECK(t, (uintptr_t)_kernel_text_start < (uintptr_t)_kernel_text_end);
    KT_CHECK_EQ(t, (uintptr_t)_kernel_end - KERNEL_VIRT_BASE, (uintptr_t)_kernel_phys_end);
}
