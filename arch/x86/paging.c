/* PAE paging. Virtual addresses split 2/9/9/12: PDPT slot, directory entry,
 * table entry, offset. Page-table frames come from the frame allocator and
 * are edited through the direct map. The kernel half (PDPT slot 3) is one
 * page directory shared by every address space, so kernel mappings made in
 * any of them are seen by all. */
#include "arch/x86/paging.h"
#include "arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include <string.h>

#define PTE_PRESENT     (1ull << 0)
#define PTE_WRITE       (1ull << 1)
#define PTE_USER        (1ull << 2)
#define PTE_PCD         (1ull << 4)
#define PTE_LARGE       (1ull << 7)
#define PTE_NX          (1ull << 63)
#define PTE_ADDR_MASK   0x000FFFFFFFFFF000ull
#define ENTRIES         512

extern uint64_t boot_pd_kernel[ENTRIES];
static uint64_t kernel_pdpt[4] __attribute__((aligned(32)));
struct page_dir kernel_page_dir;

/* Protects page-table allocation and edits in the kernel half. User halves
 * are protected by their address space's own lock (held by the caller). */
static struct spinlock kernel_pt_lock = SPINLOCK_INIT("kernel_page_tables");
/* Kernel-half page tables are shared by every address space and never
 * freed; counted so that leak checks can tell them from leaks. */
static size_t kernel_table_frames;

static inline unsigned pdpt_index(vaddr_t va) { return va >> 30; }
static inline unsigned pd_index(vaddr_t va) { return (va >> 21) & 0x1FF; }
static inline unsigned pt_index(vaddr_t va) { return (va >> 12) & 0x1FF; }

static uint64_t pte_bits(unsigned flags)
{
    uint64_t e = PTE_PRESENT;
    if (flags & PAGE_WRITE)
        e |= PTE_WRITE;
    if (flags & PAGE_USER)
        e |= PTE_USER;
    if (flags & PAGE_NOCACHE)
        e |= PTE_PCD;
    if (!(flags & PAGE_EXEC) && cpu_features.nx)
        e |= PTE_NX;
    return e;
}

static unsigned pte_flags(uint64_t e)
{
    unsigned f = 0;
    if (e & PTE_WRITE)
        f |= PAGE_WRITE;
    if (e & PTE_USER)
        f |= PAGE_USER;
    if (e & PTE_PCD)
        f |= PAGE_NOCACHE;
    if (!(e & PTE_NX))
        f |= PAGE_EXEC;
    return f;
}

static uint64_t *page_directory_for(struct page_dir *pd, vaddr_t va)
{
    unsigned slot = pdpt_index(va);
    if (slot == 3)
        return boot_pd_kernel;
    ASSERT(pd && pd != &kernel_page_dir);
    return phys_to_virt(pd->user_pd[slot]);
}

/* The page-table entry for va, allocating the table if `create`. NULL when
 * absent (or out of memory with `create`). */
static uint64_t *pte_lookup(struct page_dir *pd, vaddr_t va, bool create)
{
    uint64_t *dir = page_directory_for(pd, va);
    uint64_t *pde = &dir[pd_index(va)];
    if (!(*pde & PTE_PRESENT)) {
        if (!create)
            return NULL;
        paddr_t frame = pmm_alloc_frame();
        if (frame == PMM_NO_FRAME)
            return NULL;
        /* Directory entries grant everything; the leaf entries decide. */
        *pde = frame | PTE_PRESENT | PTE_WRITE | (va < USER_SPACE_END ? PTE_USER : 0);
        if (va >= KERNEL_VIRT_BASE)
            kernel_table_frames++;
    }
    ASSERT(!(*pde & PTE_LARGE));
    uint64_t *table = phys_to_virt(*pde & PTE_ADDR_MASK);
    return &table[pt_index(va)];
}

static irqflags_t paging_lock_for(vaddr_t va)
{
    return va >= KERNEL_VIRT_BASE ? spin_lock_irqsave(&kernel_pt_lock) : irq_save();
}

static void paging_unlock_for(vaddr_t va, irqflags_t fl)
{
    if (va >= KERNEL_VIRT_BASE)
        spin_unlock_irqrestore(&kernel_pt_lock, fl);
    else
        irq_restore(fl);
}

static void tlb_flush_if_visible(struct page_dir *pd, vaddr_t va)
{
    if (va >= KERNEL_VIRT_BASE || (pd && pd->pdpt_phys == read_cr3()))
        invlpg(va);
}

int paging_map(struct page_dir *pd, vaddr_t va, paddr_t pa, unsigned flags)
{
    ASSERT(!(va & (PAGE_SIZE - 1)) && !(pa & (PAGE_SIZE - 1)));
    ASSERT((va >= KERNEL_VIRT_BASE) == !(flags & PAGE_USER));
    irqflags_t fl = paging_lock_for(va);
    uint64_t *pte = pte_lookup(pd, va, true);
    if (pte)
        *pte = pa | pte_bits(flags);
    paging_unlock_for(va, fl);
    if (!pte)
        return -ENOMEM;
    tlb_flush_if_visible(pd, va);
    return 0;
}

paddr_t paging_unmap(struct page_dir *pd, vaddr_t va)
{
    irqflags_t fl = paging_lock_for(va);
    uint64_t *pte = pte_lookup(pd, va, false);
    paddr_t old = 0;
    if (pte && (*pte & PTE_PRESENT)) {
        old = *pte & PTE_ADDR_MASK;
        *pte = 0;
    }
    paging_unlock_for(va, fl);
    if (old)
        tlb_flush_if_visible(pd, va);
    return old;
}

bool paging_query(struct page_dir *pd, vaddr_t va, paddr_t *pa, unsigned *flags)
{
    irqflags_t fl = paging_lock_for(va);
    uint64_t *pte = pte_lookup(pd, va, false);
    uint64_t e = pte ? *pte : 0;
    paging_unlock_for(va, fl);
    if (!(e & PTE_PRESENT))
        return false;
    if (pa)
        *pa = e & PTE_ADDR_MASK;
    if (flags)
        *flags = pte_flags(e);
    return true;
}

int paging_protect(struct page_dir *pd, vaddr_t va, unsigned flags)
{
    irqflags_t fl = paging_lock_for(va);
    uint64_t *pte = pte_lookup(pd, va, false);
    int rc = -ENOENT;
    if (pte && (*pte & PTE_PRESENT)) {
        *pte = (*pte & PTE_ADDR_MASK) | pte_bits(flags);
        rc = 0;
    }
    paging_unlock_for(va, fl);
    if (rc == 0)
        tlb_flush_if_visible(pd, va);
    return rc;
}

/* Permissions for the direct map of physical address pa. */
static unsigned direct_map_flags(paddr_t pa)
{
    vaddr_t va = (vaddr_t)pa + KERNEL_VIRT_BASE;
    if (va >= (vaddr_t)_kernel_text_start && va < (vaddr_t)_kernel_text_end)
        return PAGE_EXEC;
    if (va >= (vaddr_t)_kernel_rodata_start && va < (vaddr_t)_kernel_rodata_end)
        return 0;
    return PAGE_WRITE;
}

static paddr_t direct_map_end(void)
{
    paddr_t end = (uintptr_t)_kernel_phys_end;
    /* Cover every managed frame and the low megabyte (VGA memory). */
    for (size_t f = DIRECT_MAP_LIMIT / PAGE_SIZE; f-- > 0;) {
        if (pmm_is_managed((paddr_t)f * PAGE_SIZE)) {
            paddr_t top = ((paddr_t)f + 1) * PAGE_SIZE;
            return top > end ? top : end;
        }
    }
    return end;
}

void paging_init(void)
{
    paddr_t end = direct_map_end();
    /* Rebuild each 2 MiB boot entry as a table of 4 KiB pages, in place:
     * the new table maps the same frames, so running code never notices. */
    for (unsigned i = 0; i < ENTRIES / 2; i++) {
        paddr_t base = (paddr_t)i << 21;
        if (base >= end) {
            boot_pd_kernel[i] = 0;
            continue;
        }
        paddr_t frame = pmm_alloc_frame();
        if (frame == PMM_NO_FRAME)
            panic("paging: out of memory building the direct map");
        uint64_t *table = phys_to_virt(frame);
        for (unsigned j = 0; j < ENTRIES; j++) {
            paddr_t pa = base + (paddr_t)j * PAGE_SIZE;
            table[j] = pa < end ? (pa | pte_bits(direct_map_flags(pa))) : 0;
        }
        boot_pd_kernel[i] = frame | PTE_PRESENT | PTE_WRITE;
    }
    extern char boot_stack_guard[];
    uint64_t *guard_table = phys_to_virt(boot_pd_kernel[pd_index((vaddr_t)boot_stack_guard)] & PTE_ADDR_MASK);
    guard_table[pt_index((vaddr_t)boot_stack_guard)] = 0;
    kernel_pdpt[3] = virt_to_phys(boot_pd_kernel) | PTE_PRESENT;
    kernel_page_dir.pdpt = kernel_pdpt;
    kernel_page_dir.pdpt_phys = virt_to_phys(kernel_pdpt);
    write_cr3(kernel_page_dir.pdpt_phys);   /* drops the identity map, flushes the TLB */
}

struct page_dir *paging_create(void)
{
    struct page_dir *pd = kzalloc(sizeof(*pd));
    if (!pd)
        return NULL;
    pd->pdpt = kmalloc_aligned(4 * sizeof(uint64_t), 32);
    if (!pd->pdpt)
        goto fail_pdpt;
    unsigned made = 0;
    for (; made < 3; made++) {
        pd->user_pd[made] = pmm_alloc_frame();
        if (pd->user_pd[made] == PMM_NO_FRAME)
            goto fail_dirs;
        pd->pdpt[made] = pd->user_pd[made] | PTE_PRESENT;
    }
    pd->pdpt[3] = kernel_pdpt[3];
    paddr_t pdpt_phys;
    ASSERT(paging_query(NULL, (vaddr_t)pd->pdpt & ~(PAGE_SIZE - 1), &pdpt_phys, NULL));
    pd->pdpt_phys = pdpt_phys + ((vaddr_t)pd->pdpt & (PAGE_SIZE - 1));
    return pd;

fail_dirs:
    while (made-- > 0)
        pmm_free_frame(pd->user_pd[made]);
    kfree(pd->pdpt);
fail_pdpt:
    kfree(pd);
    return NULL;
}

void paging_destroy(struct page_dir *pd)
{
    ASSERT(pd != &kernel_page_dir && pd->pdpt_phys != read_cr3());
    for (unsigned slot = 0; slot < 3; slot++) {
        uint64_t *dir = phys_to_virt(pd->user_pd[slot]);
        for (unsigned i = 0; i < ENTRIES; i++)
            if (dir[i] & PTE_PRESENT)
                pmm_free_frame(dir[i] & PTE_ADDR_MASK);
        pmm_free_frame(pd->user_pd[slot]);
    }
    kfree(pd->pdpt);
    kfree(pd);
}

size_t paging_kernel_table_frames(void) { return kernel_table_frames; }

void paging_activate(struct page_dir *pd)
{
    if (read_cr3() != pd->pdpt_phys)
        write_cr3(pd->pdpt_phys);
}
