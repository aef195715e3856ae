/* A first-fit allocator over the vmap window, one bit per virtual page. */
#include "mm/vmap.h"
#include "arch/x86/paging.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/pmm.h"

#define VMAP_PAGES ((VMAP_END - VMAP_START) / PAGE_SIZE)

/* Protects the bitmap and the counters. */
static struct spinlock vmap_lock = SPINLOCK_INIT("vmap");
static uint32_t vmap_bits[VMAP_PAGES / 32];
static size_t vmap_hint;
static size_t vmap_in_use;

static inline int vbit(size_t i) { return (vmap_bits[i / 32] >> (i % 32)) & 1; }
static inline void vbit_set(size_t i, int on)
{
    if (on)
        vmap_bits[i / 32] |= 1u << (i % 32);
    else
        vmap_bits[i / 32] &= ~(1u << (i % 32));
}

/* vmap_lock held. Claims a run of n pages; SIZE_MAX when the window is full. */
static size_t vmap_claim(size_t n)
{
    size_t run = 0;
    for (size_t k = 0; k < VMAP_PAGES; k++) {
        size_t i = (vmap_hint + k) % VMAP_PAGES;
        if (i == 0)
            run = 0;
        run = vbit(i) ? 0 : run + 1;
        if (run == n) {
            size_t first = i + 1 - n;
            for (size_t j = first; j <= i; j++)
                vbit_set(j, 1);
            vmap_hint = i + 1;
            vmap_in_use += n;
            return first;
        }
    }
    return SIZE_MAX;
}

static void vmap_release(size_t first, size_t n)
{
    irqflags_t fl = spin_lock_irqsave(&vmap_lock);
    for (size_t j = first; j < first + n; j++) {
        ASSERT(vbit(j));
        vbit_set(j, 0);
    }
    vmap_in_use -= n;
    /* Reuse low addresses first: it keeps the set of kernel page tables
     * (never freed, shared by all address spaces) small. */
    if (first < vmap_hint)
        vmap_hint = first;
    spin_unlock_irqrestore(&vmap_lock, fl);
}

static void vmap_unmap_range(vaddr_t start, size_t pages)
{
    for (size_t i = 0; i < pages; i++) {
        paddr_t f = paging_unmap(NULL, start + i * PAGE_SIZE);
        if (f)
            pmm_free_frame(f);
    }
}

void *vmap_alloc(size_t pages, size_t guard)
{
    if (pages == 0 || pages > VMAP_PAGES || guard > VMAP_PAGES - pages)
        return NULL;
    irqflags_t fl = spin_lock_irqsave(&vmap_lock);
    size_t first = vmap_claim(pages + guard);
    spin_unlock_irqrestore(&vmap_lock, fl);
    if (first == SIZE_MAX)
        return NULL;
    vaddr_t start = VMAP_START + (first + guard) * PAGE_SIZE;
    for (size_t i = 0; i < pages; i++) {
        paddr_t f = pmm_alloc_frame();
        if (f == PMM_NO_FRAME || paging_map(NULL, start + i * PAGE_SIZE, f, PAGE_WRITE) < 0) {
            if (f != PMM_NO_FRAME)
                pmm_free_frame(f);
            vmap_unmap_range(start, i);
            vmap_release(first, pages + guard);
            return NULL;
        }
    }
    return (void *)start;
}

void vmap_free(void *addr, size_t pages, size_t guard)
{
    vaddr_t start = (vaddr_t)addr;
    ASSERT(start >= VMAP_START + guard * PAGE_SIZE && start < VMAP_END && !(start & (PAGE_SIZE - 1)));
    vmap_unmap_range(start, pages);
    vmap_release((start - VMAP_START) / PAGE_SIZE - guard, pages + guard);
}

size_t vmap_pages_in_use(void) { return vmap_in_use; }

void *vmap_map_physical(paddr_t phys, size_t len)
{
    paddr_t first = phys & ~(paddr_t)(PAGE_SIZE - 1);
    size_t pages = (size_t)((phys + len - first + PAGE_SIZE - 1) / PAGE_SIZE);
    if (len == 0 || pages > VMAP_PAGES)
        return NULL;
    irqflags_t fl = spin_lock_irqsave(&vmap_lock);
    size_t slot = vmap_claim(pages);
    spin_unlock_irqrestore(&vmap_lock, fl);
    if (slot == SIZE_MAX)
        return NULL;
    vaddr_t start = VMAP_START + slot * PAGE_SIZE;
    for (size_t i = 0; i < pages; i++) {
        if (paging_map(NULL, start + i * PAGE_SIZE, first + i * PAGE_SIZE, 0) < 0) {
            for (size_t j = 0; j < i; j++)
                paging_unmap(NULL, start + j * PAGE_SIZE);
            vmap_release(slot, pages);
            return NULL;
        }
    }
    return (void *)(start + (uintptr_t)(phys - first));
}

void vmap_unmap_physical(const void *addr, size_t len)
{
    vaddr_t start = PAGE_ALIGN_DOWN((vaddr_t)addr);
    size_t pages = (PAGE_ALIGN_UP((vaddr_t)addr + len) - start) / PAGE_SIZE;
    for (size_t i = 0; i < pages; i++)
        paging_unmap(NULL, start + i * PAGE_SIZE);     /* not our frames: nothing to free */
    vmap_release((start - VMAP_START) / PAGE_SIZE, pages);
}
