/* Host tests for the kernel's ELF validation: well-formed programs load,
 * every kind of malformed header or segment is refused, and a mutation fuzz
 * loop (under ASan/UBSan) never reads out of bounds or accepts a plan that
 * breaks the loader's invariants. */
#include "../../kernel/elf_parse.c"
#include "host_test.h"
#include <stdint.h>
#include <string.h>

#define USER_START 0x00001000u
#define USER_END   0xC0000000u

struct image {
    struct elf32_ehdr eh;
    struct elf32_phdr ph[3];
    unsigned char body[3 * 4096];
};

/* A small static program: text (R+X) at 0x08048000, data (R+W) two pages up. */
static void image_make(struct image *im)
{
    memset(im, 0, sizeof(*im));
    memcpy(im->eh.e_ident, "\x7f" "ELF", 4);
    im->eh.e_ident[4] = ELFCLASS32;
    im->eh.e_ident[5] = ELFDATA2LSB;
    im->eh.e_ident[6] = EV_CURRENT;
    im->eh.e_type = ET_EXEC;
    im->eh.e_machine = EM_386;
    im->eh.e_version = EV_CURRENT;
    im->eh.e_entry = 0x08048100;
    im->eh.e_phoff = offsetof(struct image, ph);
    im->eh.e_ehsize = sizeof(struct elf32_ehdr);
    im->eh.e_phentsize = sizeof(struct elf32_phdr);
    im->eh.e_phnum = 3;
    im->ph[0] = (struct elf32_phdr){ PT_LOAD, 0, 0x08048000, 0x08048000, 0x1000, 0x1000, PF_R | PF_X, 0x1000 };
    im->ph[1] = (struct elf32_phdr){ PT_LOAD, 0x1000, 0x0804A000, 0x0804A000, 0x800, 0x3000, PF_R | PF_W, 0x1000 };
    im->ph[2] = (struct elf32_phdr){ PT_GNU_STACK, 0, 0, 0, 0, 0, PF_R | PF_W, 16 };
}

static int plan(const struct image *im, size_t size, struct elf_load_plan *p)
{
    return elf_plan_load(im, size, USER_START, USER_END, p);
}

static void test_valid(void)
{
    struct image im;
    struct elf_load_plan p;
    image_make(&im);
    CHECK(plan(&im, sizeof(im), &p) == 0);
    CHECK(p.entry == 0x08048100);
    CHECK(p.count == 2);
    CHECK(p.segments[0].prot == (PF_R | PF_X));
    CHECK(p.segments[1].memsz == 0x3000 && p.segments[1].filesz == 0x800);
}

/* Each mutation must turn a good image into one that is refused. */
static void test_refusals(void)
{
    struct elf_load_plan p;
    struct image im;
#define REFUSED(mutation)                                                      \
    do {                                                                       \
        image_make(&im);                                                       \
        mutation;                                                              \
        CHECK(plan(&im, sizeof(im), &p) == -ENOEXEC);                          \
    } while (0)
    REFUSED(im.eh.e_ident[0] = 0);                          /* bad magic */
    REFUSED(im.eh.e_ident[4] = 2);                          /* 64-bit class */
    REFUSED(im.eh.e_ident[5] = 2);                          /* big endian */
    REFUSED(im.eh.e_machine = 62);                          /* x86-64 */
    REFUSED(im.eh.e_type = 3);                              /* shared object */
    REFUSED(im.eh.e_version = 0);
    REFUSED(im.eh.e_phentsize = 20);
    REFUSED(im.eh.e_phnum = 0);
    REFUSED(im.eh.e_phnum = 1000);
    REFUSED(im.eh.e_phoff = 0xFFFFFFF0);                    /* table outside the file */
    REFUSED(im.eh.e_entry = 0x0804A000);                    /* entry in a non-executable segment */
    REFUSED(im.eh.e_entry = 0x09000000);                    /* entry nowhere */
    REFUSED(im.ph[0].p_flags = PF_R | PF_W | PF_X);         /* W^X */
    REFUSED(im.ph[0].p_filesz = 0x2000);                    /* filesz > memsz */
    REFUSED(im.ph[1].p_offset = 0xFFFFF800);                /* offset + filesz overflows */
    REFUSED(im.ph[1].p_vaddr = 0xBFFFF000);                 /* runs past user space */
    REFUSED(im.ph[1].p_vaddr = 0xFFFFF000);                 /* wraps around */
    REFUSED(im.ph[0].p_vaddr = 0);                          /* the null page */
    REFUSED(im.ph[1].p_vaddr = 0x08048800; im.ph[1].p_offset = 0x800);   /* overlaps text */
    REFUSED(im.ph[1].p_vaddr = 0x0804A100);                 /* misaligned against its offset */
    REFUSED(im.ph[1].p_memsz = 0x7FFFFFFF);                 /* absurd size */
    REFUSED(im.ph[2].p_type = PT_INTERP);                   /* dynamic programs */
    REFUSED(im.ph[0].p_type = PT_NULL; im.ph[1].p_type = PT_NULL);   /* nothing to load */
#undef REFUSED
    image_make(&im);
    CHECK(plan(&im, sizeof(struct elf32_ehdr) - 1, &p) == -ENOEXEC);   /* truncated header */
    CHECK(plan(&im, offsetof(struct image, ph) + 10, &p) == -ENOEXEC); /* truncated table */
    CHECK(plan(&im, 0x1000 + 0x400, &p) == -ENOEXEC);                  /* data cut short */
    CHECK(elf_plan_load(NULL, 100, USER_START, USER_END, &p) == -ENOEXEC);
}

/* Invariants of any accepted plan, whatever the input. */
static int plan_is_sane(const struct elf_load_plan *p, size_t size)
{
    int has_entry = 0;
    for (unsigned i = 0; i < p->count; i++) {
        const struct elf_segment *s = &p->segments[i];
        if (s->vaddr < USER_START || (uint64_t)s->vaddr + s->memsz > USER_END)
            return 0;
        if (s->filesz > s->memsz || (uint64_t)s->offset + s->filesz > size)
            return 0;
        if ((s->prot & PF_W) && (s->prot & PF_X))
            return 0;
        if ((s->prot & PF_X) && p->entry >= s->vaddr && p->entry - s->vaddr < s->memsz)
            has_entry = 1;
    }
    return p->count > 0 && has_entry;
}

static void test_fuzz(void)
{
    uint32_t seed = 12345;
    int accepted = 0;
    for (int round = 0; round < 200000; round++) {
        struct image im;
        image_make(&im);
        unsigned char *bytes = (unsigned char *)&im;
        int flips = 1 + round % 6;
        for (int i = 0; i < flips; i++) {
            seed = seed * 1103515245u + 12345u;
            /* Mostly the headers: that is where the parser looks. */
            size_t at = (seed >> 8) % (round % 4 ? offsetof(struct image, body) : sizeof(im));
            seed = seed * 1103515245u + 12345u;
            bytes[at] = (unsigned char)(seed >> 16);
        }
        seed = seed * 1103515245u + 12345u;
        size_t size = round % 7 ? sizeof(im) : (seed >> 4) % sizeof(im);
        struct elf_load_plan p;
        if (plan(&im, size, &p) == 0) {
            accepted++;
            CHECK(plan_is_sane(&p, size));
        }
    }
    CHECK(accepted > 0);   /* harmless mutations (e.g. in the body) still load */
}

int main(void)
{
    test_valid();
    test_refusals();
    test_fuzz();
    return host_test_finish("elf");
}
