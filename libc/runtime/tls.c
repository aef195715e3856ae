/* Thread control blocks and thread-local storage.
 *
 * A thread's TLS area holds the program's PT_TLS block (the initial values
 * of __thread variables, then zeros) directly below its control block:
 * the i386 "variant II" layout, where the linker resolves a __thread
 * variable to a fixed negative offset from the thread pointer, %gs:0. The
 * offset of the block is its size rounded up to its alignment, which is
 * what the linker assumes; the control block is aligned at least as
 * strictly, so the block's start is aligned too. */
#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../internal/runtime.h"
#include "../internal/syscall.h"
#include "../internal/tcb.h"

/* The parts of the ELF headers this file reads. */
struct elf_header {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version, entry, phoff, shoff, flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf_phdr {
    uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#define PT_TLS 7

/* The linker defines this when the headers are loaded, which the Kestrel
 * linker script arranges; weak so that a program linked some other way
 * simply has no TLS. */
extern const struct elf_header __ehdr_start __attribute__((weak, visibility("hidden")));

struct __pthread __libc_boot_thread = { .self = &__libc_boot_thread };
int __libc_tls_active;

int *__errno_location(void)
{
    return &__libc_self()->errno_value;
}

/* The program's TLS template: found once, then cached. */
static struct {
    int known;
    const void *image;
    size_t filesz, memsz, align;
} tls_template;

static void find_template(void)
{
    if (tls_template.known)
        return;
    tls_template.known = 1;
    tls_template.align = 1;
    const struct elf_header *eh = &__ehdr_start;
    if (!eh)
        return;
    const unsigned char *base = (const unsigned char *)eh;
    for (unsigned i = 0; i < eh->phnum; i++) {
        const struct elf_phdr *ph =
            (const struct elf_phdr *)(base + eh->phoff + i * eh->phentsize);
        if (ph->type == PT_TLS) {
            tls_template.image = (const void *)(uintptr_t)ph->vaddr;
            tls_template.filesz = ph->filesz;
            tls_template.memsz = ph->memsz;
            tls_template.align = ph->align ? ph->align : 1;
        }
    }
}

static size_t round_up(size_t v, size_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* Bytes from the start of the TLS block to the thread pointer. */
static size_t block_offset(void)
{
    return round_up(tls_template.memsz, tls_template.align);
}

void __libc_tls_layout(struct __tls_layout *out)
{
    find_template();
    size_t align = tls_template.align;
    if (align < 16)
        align = 16;
    out->align = align;
    out->tcb_offset = round_up(block_offset(), align);
    out->size = out->tcb_offset + sizeof(struct __pthread);
}

struct __pthread *__libc_tls_init_area(void *area)
{
    struct __tls_layout layout;
    __libc_tls_layout(&layout);
    unsigned char *tp = (unsigned char *)area + layout.tcb_offset;
    unsigned char *block = tp - block_offset();
    memset(area, 0, layout.size);
    if (tls_template.filesz)
        memcpy(block, tls_template.image, tls_template.filesz);
    struct __pthread *t = (struct __pthread *)tp;
    t->self = t;
    return t;
}

/* Enough for the control block and a modest TLS block without a mapping. */
static unsigned char main_area[2048] __attribute__((aligned(64)));

static void *main_thread_area(const struct __tls_layout *layout)
{
    if (layout->size <= sizeof(main_area) && layout->align <= 64)
        return main_area;
    size_t len = round_up(layout->size + layout->align, 4096);
    struct mmap_params p = {
        .addr = 0, .len = len, .prot = PROT_READ | PROT_WRITE,
        .flags = MAP_PRIVATE | MAP_ANONYMOUS, .fd = -1, .offset = 0,
    };
    long r = __syscall1(SYS_mmap, __SC(&p));
    if (__syscall_failed(r))
        return NULL;
    return (void *)round_up((uintptr_t)r, layout->align);
}

/* The stack protector's canary: from the kernel's AT_RANDOM bytes, with a
 * zero low byte so that string overflows cannot reproduce it. */
static uintptr_t stack_guard(void)
{
    uintptr_t g = 0;
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    if (random)
        memcpy(&g, random, sizeof(g));
    return g & ~(uintptr_t)0xff;
}

void __libc_init_tls(void)
{
    struct __tls_layout layout;
    __libc_tls_layout(&layout);
    int tid = (int)__syscall0(SYS_gettid);
    __libc_boot_thread.tid = tid;
    __libc_boot_thread.stack_guard = stack_guard();

    void *area = main_thread_area(&layout);
    if (area) {
        struct __pthread *t = __libc_tls_init_area(area);
        t->tid = tid;
        t->stack_guard = __libc_boot_thread.stack_guard;
        if (!__syscall_failed(__syscall1(SYS_set_thread_area, __SC(t)))) {
            __libc_tls_active = 1;
            return;
        }
    }
    /* Without %gs the boot block stays in charge: errno works, pthread_create
     * will refuse. __thread variables cannot work at all. */
    if (tls_template.memsz)
        __libc_fatal("cannot set up thread-local storage");
}
