/* Multiboot 1 information structure, as GRUB passes it (spec values). */
#ifndef KERNEL_MULTIBOOT_H
#define KERNEL_MULTIBOOT_H
#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002
#define MB_INFO_MEMORY      (1u << 0)
#define MB_INFO_CMDLINE     (1u << 2)
#define MB_INFO_MODS        (1u << 3)
#define MB_INFO_MEM_MAP     (1u << 6)
#define MB_INFO_LOADER_NAME (1u << 9)
#define MB_MEMORY_AVAILABLE 1

struct multiboot_info {
    uint32_t flags;
    uint32_t mem_lower, mem_upper;
    uint32_t boot_device;
    uint32_t cmdline;
    uint32_t mods_count, mods_addr;
    uint32_t syms[4];
    uint32_t mmap_length, mmap_addr;
    uint32_t drives_length, drives_addr;
    uint32_t config_table;
    uint32_t boot_loader_name;
} __attribute__((packed));

struct multiboot_mmap_entry {
    uint32_t size;  /* of the rest of this entry, not counting this field */
    uint64_t addr;
    uint64_t len;
    uint32_t type;
} __attribute__((packed));

struct multiboot_module {
    uint32_t start, end;
    uint32_t string;
    uint32_t reserved;
} __attribute__((packed));
#endif
