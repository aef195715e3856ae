/* ELF32 executables: the format's structures (spec values) and the loader's
 * plan of what to map where. */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H
#include <stddef.h>
#include <stdint.h>

#define EI_NIDENT       16
#define ELFCLASS32      1
#define ELFDATA2LSB     1
#define EV_CURRENT      1
#define ET_EXEC         2
#define EM_386          3
#define PT_NULL         0
#define PT_LOAD         1
#define PT_DYNAMIC      2
#define PT_INTERP       3
#define PT_NOTE         4
#define PT_PHDR         6
#define PT_TLS          7
#define PT_GNU_STACK    0x6474e551
#define PF_X            1
#define PF_W            2
#define PF_R            4

struct elf32_ehdr {
    unsigned char e_ident[EI_NIDENT];
    uint16_t e_type, e_machine;
    uint32_t e_version, e_entry, e_phoff, e_shoff, e_flags;
    uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf32_phdr {
    uint32_t p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_flags, p_align;
};

#define ELF_MAX_SEGMENTS    16
#define ELF_MAX_PHDRS       64
/* No sane program needs more; bigger values are hostile or broken. */
#define ELF_MAX_SEGMENT_SIZE (256u * 1024 * 1024)

struct elf_segment {
    uint32_t vaddr, memsz;      /* where and how big in memory */
    uint32_t offset, filesz;    /* what to copy from the file */
    unsigned prot;              /* PF_R | PF_W | PF_X */
};

struct elf_load_plan {
    uint32_t entry;
    unsigned count;
    struct elf_segment segments[ELF_MAX_SEGMENTS];
};

/* Checks every header field and segment of the image against the user
 * address range [user_start, user_end) and fills in the plan. Returns 0 or
 * -ENOEXEC. Pure: no allocation, no side effects, safe on any input. */
int elf_plan_load(const void *image, size_t size, uint32_t user_start, uint32_t user_end,
                  struct elf_load_plan *plan);
#endif
