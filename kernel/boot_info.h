/* What the boot loader told us, copied out of the Multiboot structures into
 * kernel memory so nothing later depends on where GRUB left them. */
#ifndef KERNEL_BOOT_INFO_H
#define KERNEL_BOOT_INFO_H
#include <stdbool.h>
#include <stdint.h>

#define BOOT_MAX_MEMORY_RANGES 64
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 512

struct boot_memory_range {
    uint64_t base, length;
    bool usable;
};

struct boot_module {
    uint32_t phys_start, phys_end;   /* [start, end) */
    char name[64];
};

struct boot_info {
    char cmdline[BOOT_CMDLINE_MAX];
    char loader_name[64];
    struct boot_memory_range ranges[BOOT_MAX_MEMORY_RANGES];
    unsigned range_count;
    struct boot_module modules[BOOT_MAX_MODULES];
    unsigned module_count;
    /* Physical span of the Multiboot structures, kept away from the frame allocator. */
    uint32_t info_phys_start, info_phys_end;
    bool test_mode;     /* "test" on the command line: run self-tests, then power off */
};

extern struct boot_info boot_info;

/* Copies the Multiboot information; returns 0 or a negative errno. */
int boot_info_parse(uint32_t magic, uint32_t info_phys);
/* Whether the kernel command line holds the word `flag` (or `flag=...`). */
bool cmdline_has(const char *flag);
/* The value of `key=value` on the command line copied into buf, or NULL. */
const char *cmdline_get(const char *key, char *buf, unsigned len);
#endif
