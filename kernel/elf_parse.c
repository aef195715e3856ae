/* ELF validation. Every number in the file is treated as hostile: sizes and
 * offsets are checked for overflow before they are added, and nothing is
 * trusted to be inside the file or inside user space until checked. */
#include "kernel/elf.h"
#include "kernel/errno.h"
#include <string.h>

#define ELF_PAGE 4096u

static int elf_check_header(const struct elf32_ehdr *h, size_t size)
{
    static const unsigned char magic[4] = { 0x7F, 'E', 'L', 'F' };
    if (memcmp(h->e_ident, magic, 4) != 0)
        return -ENOEXEC;
    if (h->e_ident[4] != ELFCLASS32 || h->e_ident[5] != ELFDATA2LSB || h->e_ident[6] != EV_CURRENT)
        return -ENOEXEC;
    if (h->e_type != ET_EXEC || h->e_machine != EM_386 || h->e_version != EV_CURRENT)
        return -ENOEXEC;
    if (h->e_ehsize != sizeof(struct elf32_ehdr) || h->e_phentsize != sizeof(struct elf32_phdr))
        return -ENOEXEC;
    if (h->e_phnum == 0 || h->e_phnum > ELF_MAX_PHDRS)
        return -ENOEXEC;
    uint64_t table_end = (uint64_t)h->e_phoff + (uint64_t)h->e_phnum * sizeof(struct elf32_phdr);
    if (h->e_phoff < sizeof(struct elf32_ehdr) || table_end > size)
        return -ENOEXEC;
    return 0;
}

static int elf_check_segment(const struct elf32_phdr *ph, size_t size, uint32_t user_start, uint32_t user_end)
{
    if (ph->p_memsz == 0 || ph->p_filesz > ph->p_memsz || ph->p_memsz > ELF_MAX_SEGMENT_SIZE)
        return -ENOEXEC;
    if ((uint64_t)ph->p_offset + ph->p_filesz > size)
        return -ENOEXEC;
    uint64_t end = (uint64_t)ph->p_vaddr + ph->p_memsz;
    if (ph->p_vaddr < user_start || end > user_end)
        return -ENOEXEC;
    /* File offset and address must agree within a page, or the bytes cannot
     * land where the program expects them. */
    if ((ph->p_vaddr % ELF_PAGE) != (ph->p_offset % ELF_PAGE))
        return -ENOEXEC;
    if (ph->p_align > 1 && ((ph->p_align & (ph->p_align - 1)) || ph->p_vaddr % ph->p_align != ph->p_offset % ph->p_align))
        return -ENOEXEC;
    /* W^X: no mapping may be both writable and executable. */
    if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
        return -ENOEXEC;
    return 0;
}

static uint32_t page_floor(uint32_t a) { return a & ~(ELF_PAGE - 1); }
static uint64_t page_ceil(uint64_t a) { return (a + ELF_PAGE - 1) & ~(uint64_t)(ELF_PAGE - 1); }

int elf_plan_load(const void *image, size_t size, uint32_t user_start, uint32_t user_end,
                  struct elf_load_plan *plan)
{
    if (!image || size < sizeof(struct elf32_ehdr))
        return -ENOEXEC;
    struct elf32_ehdr h;
    memcpy(&h, image, sizeof(h));   /* the image need not be aligned */
    int rc = elf_check_header(&h, size);
    if (rc < 0)
        return rc;
    memset(plan, 0, sizeof(*plan));
    for (unsigned i = 0; i < h.e_phnum; i++) {
        struct elf32_phdr ph;
        memcpy(&ph, (const char *)image + h.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type == PT_INTERP || ph.p_type == PT_DYNAMIC)
            return -ENOEXEC;    /* only static executables */
        if (ph.p_type != PT_LOAD)
            continue;
        if (plan->count == ELF_MAX_SEGMENTS)
            return -ENOEXEC;
        rc = elf_check_segment(&ph, size, user_start, user_end);
        if (rc < 0)
            return rc;
        /* Segments may not share a page, or one's permissions would leak to
         * the other; each must also start above the previous one. */
        uint32_t first = page_floor(ph.p_vaddr);
        for (unsigned j = 0; j < plan->count; j++) {
            const struct elf_segment *o = &plan->segments[j];
            uint64_t o_first = page_floor(o->vaddr), o_end = page_ceil((uint64_t)o->vaddr + o->memsz);
            if (first < o_end && page_ceil((uint64_t)ph.p_vaddr + ph.p_memsz) > o_first)
                return -ENOEXEC;
        }
        struct elf_segment *s = &plan->segments[plan->count++];
        s->vaddr = ph.p_vaddr;
        s->memsz = ph.p_memsz;
        s->offset = ph.p_offset;
        s->filesz = ph.p_filesz;
        s->prot = ph.p_flags & (PF_R | PF_W | PF_X);
    }
    if (plan->count == 0)
        return -ENOEXEC;
    /* The entry point must be inside an executable segment. */
    for (unsigned i = 0; i < plan->count; i++) {
        const struct elf_segment *s = &plan->segments[i];
        if ((s->prot & PF_X) && h.e_entry >= s->vaddr && (uint64_t)h.e_entry < (uint64_t)s->vaddr + s->memsz) {
            plan->entry = h.e_entry;
            return 0;
        }
    }
    return -ENOEXEC;
}
