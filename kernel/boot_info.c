/* Parsing of the Multiboot information and the kernel command line. */
#include "kernel/boot_info.h"
#include "kernel/errno.h"
#include "kernel/multiboot.h"
#include "mm/layout.h"
#include <string.h>

struct boot_info boot_info;

static void span_include(uint32_t start, uint32_t end)
{
    if (start < boot_info.info_phys_start)
        boot_info.info_phys_start = start;
    if (end > boot_info.info_phys_end)
        boot_info.info_phys_end = end;
}

static void copy_boot_string(char *dst, size_t cap, uint32_t phys)
{
    const char *src = phys_to_virt(phys);
    strlcpy(dst, src, cap);
    span_include(phys, phys + strnlen(src, cap) + 1);
}

int boot_info_parse(uint32_t magic, uint32_t info_phys)
{
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        return -EINVAL;
    if (info_phys >= DIRECT_MAP_LIMIT)
        return -ERANGE;
    const struct multiboot_info *mb = phys_to_virt(info_phys);
    boot_info.info_phys_start = info_phys;
    boot_info.info_phys_end = info_phys + sizeof(*mb);

    if (mb->flags & MB_INFO_CMDLINE)
        copy_boot_string(boot_info.cmdline, sizeof(boot_info.cmdline), mb->cmdline);
    if (mb->flags & MB_INFO_LOADER_NAME)
        copy_boot_string(boot_info.loader_name, sizeof(boot_info.loader_name), mb->boot_loader_name);

    if (!(mb->flags & MB_INFO_MEM_MAP))
        return -ENOENT;   /* without a map we cannot know which memory is safe */
    span_include(mb->mmap_addr, mb->mmap_addr + mb->mmap_length);
    uint32_t off = 0;
    while (off + sizeof(struct multiboot_mmap_entry) <= mb->mmap_length &&
           boot_info.range_count < BOOT_MAX_MEMORY_RANGES) {
        const struct multiboot_mmap_entry *e = phys_to_virt(mb->mmap_addr + off);
        struct boot_memory_range *r = &boot_info.ranges[boot_info.range_count++];
        r->base = e->addr;
        r->length = e->len;
        r->usable = e->type == MB_MEMORY_AVAILABLE;
        off += e->size + sizeof(e->size);
    }

    if (mb->flags & MB_INFO_MODS) {
        span_include(mb->mods_addr, mb->mods_addr + mb->mods_count * sizeof(struct multiboot_module));
        const struct multiboot_module *mods = phys_to_virt(mb->mods_addr);
        for (uint32_t i = 0; i < mb->mods_count && i < BOOT_MAX_MODULES; i++) {
            struct boot_module *m = &boot_info.modules[boot_info.module_count++];
            m->phys_start = mods[i].start;
            m->phys_end = mods[i].end;
            if (mods[i].string)
                copy_boot_string(m->name, sizeof(m->name), mods[i].string);
        }
    }
    boot_info.test_mode = cmdline_has("test");
    return 0;
}

/* Finds the word `key` (followed by '=', a space or the end) in the command line. */
static const char *cmdline_find(const char *key)
{
    size_t klen = strlen(key);
    const char *p = boot_info.cmdline;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *word = p;
        while (*p && *p != ' ')
            p++;
        if ((size_t)(p - word) >= klen && strncmp(word, key, klen) == 0 &&
            (word[klen] == '=' || word[klen] == ' ' || word[klen] == 0))
            return word + klen;
    }
    return NULL;
}

bool cmdline_has(const char *flag) { return cmdline_find(flag) != NULL; }

const char *cmdline_get(const char *key, char *buf, unsigned len)
{
    const char *v = cmdline_find(key);
    if (!v || *v != '=' || len == 0)
        return NULL;
    v++;
    unsigned i = 0;
    while (v[i] && v[i] != ' ' && i + 1 < len) {
        buf[i] = v[i];
        i++;
    }
    buf[i] = 0;
    return buf;
}
