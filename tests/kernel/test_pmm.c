/* The physical frame allocator: what it hands out must be real, free,
 * zeroed RAM that belongs to nobody else, and everything must come back. */
#include "kernel/boot_info.h"
#include "kernel/printk.h"
#include "tests/kernel/ktest_mm.h"

#define FRAMES_SMALL 64

static int frame_in(paddr_t f, uint64_t start, uint64_t end)
{
    return f + PAGE_SIZE > start && f < end;
}

KTEST(pmm, alloc_is_aligned_distinct_zeroed)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    paddr_t frames[FRAMES_SMALL];
    for (int i = 0; i < FRAMES_SMALL; i++) {
        frames[i] = pmm_alloc_frame();
        KT_ASSERT(t, frames[i] != PMM_NO_FRAME);
        KT_CHECK_EQ(t, frames[i] & (PAGE_SIZE - 1), 0);
        KT_CHECK(t, pmm_is_managed(frames[i]));
        KT_CHECK_EQ(t, pmm_frame_refcount(frames[i]), 1);
        KT_CHECK(t, kt_all_zero(phys_to_virt(frames[i]), PAGE_SIZE));
        for (int j = 0; j < i; j++)
            KT_CHECK(t, frames[j] != frames[i]);
        /* Dirty it, so a frame handed out again unzeroed would show. */
        memset(phys_to_virt(frames[i]), 0xA5, PAGE_SIZE);
    }
    KT_CHECK_EQ(t, pmm_free_frames(), before.free_frames - FRAMES_SMALL);
    for (int i = 0; i < FRAMES_SMALL; i++)
        pmm_free_frame(frames[i]);
    KT_CHECK_EQ(t, pmm_free_frames(), before.free_frames);

    for (int i = 0; i < FRAMES_SMALL; i++) {
        frames[i] = pmm_alloc_frame();
        KT_ASSERT(t, frames[i] != PMM_NO_FRAME);
        KT_CHECK(t, kt_all_zero(phys_to_virt(frames[i]), PAGE_SIZE));
    }
    for (int i = 0; i < FRAMES_SMALL; i++)
        pmm_free_frame(frames[i]);
    KT_CHECK_MM_RESTORED(t, &before);
}

KTEST(pmm, refcount_keeps_frame_until_last_ref)
{
    size_t free0 = pmm_free_frames();
    paddr_t f = pmm_alloc_frame();
    KT_ASSERT(t, f != PMM_NO_FRAME);
    KT_CHECK_EQ(t, pmm_frame_refcount(f), 1);
    pmm_frame_ref(f);
    pmm_frame_ref(f);
    KT_CHECK_EQ(t, pmm_frame_refcount(f), 3);
    pmm_free_frame(f);
    KT_CHECK_EQ(t, pmm_frame_refcount(f), 2);
    pmm_free_frame(f);
    KT_CHECK_EQ(t, pmm_frame_refcount(f), 1);
    /* Still referenced: not free, and not handed out again. */
    KT_CHECK_EQ(t, pmm_free_frames(), free0 - 1);
    paddr_t other = pmm_alloc_frame();
    KT_CHECK(t, other != f && other != PMM_NO_FRAME);
    if (other != PMM_NO_FRAME)
        pmm_free_frame(other);
    pmm_free_frame(f);
    KT_CHECK_EQ(t, pmm_frame_refcount(f), 0);
    KT_CHECK_EQ(t, pmm_free_frames(), free0);
}

KTEST(pmm, unmanaged_memory_is_not_managed)
{
    KT_CHECK(t, !pmm_is_managed(0));
    KT_CHECK(t, !pmm_is_managed(0xB8000));     /* VGA text memory */
    KT_CHECK(t, !pmm_is_managed(DIRECT_MAP_LIMIT));
    KT_CHECK(t, !pmm_is_managed(0xFFFFF000));
    KT_CHECK(t, pmm_free_frames() <= pmm_total_frames());
    KT_CHECK(t, pmm_total_frames() > 0);
}

static bool frame_reserved(paddr_t f)
{
    if (f < 0x100000 || frame_in(f, (uintptr_t)_kernel_phys_start, (uintptr_t)_kernel_phys_end) ||
        frame_in(f, boot_info.info_phys_start, boot_info.info_phys_end))
        return true;
    for (unsigned m = 0; m < boot_info.module_count; m++)
        if (frame_in(f, boot_info.modules[m].phys_start, boot_info.modules[m].phys_end))
            return true;
    return false;
}

/* Frames handed out before the tests ran cannot be checked by taking them:
 * the kernel's own page tables and what the heap and vmap windows map must
 * also lie outside the reserved areas. */
KTEST(pmm, frames_in_use_avoid_reserved)
{
    const uint64_t *dir = phys_to_virt(kernel_page_dir.pdpt[3] & KT_PTE_ADDR);
    size_t tables = 0, mapped = 0;
    for (unsigned i = 0; i < 512; i++) {
        if (!(dir[i] & KT_PTE_PRESENT))
            continue;
        paddr_t table = dir[i] & KT_PTE_ADDR;
        tables++;
        if (frame_reserved(table) || !pmm_is_managed(table) || pmm_frame_refcount(table) == 0)
            ktest_fail(t, __FILE__, __LINE__, "page table %u in frame %llx", i, (unsigned long long)table);
        vaddr_t base = KERNEL_VIRT_BASE + ((vaddr_t)i << 21);
        if (base < KERNEL_HEAP_START)
            continue;   /* the direct map maps everything, reserved or not */
        const uint64_t *pt = phys_to_virt(table);
        for (unsigned j = 0; j < 512; j++) {
            if (!(pt[j] & KT_PTE_PRESENT))
                continue;
            paddr_t f = pt[j] & KT_PTE_ADDR;
            mapped++;
            if (frame_reserved(f) || pmm_frame_refcount(f) == 0)
                ktest_fail(t, __FILE__, __LINE__, "page %08lx maps frame %llx",
                           (unsigned long)(base + ((vaddr_t)j << 12)), (unsigned long long)f);
        }
    }
    KT_CHECK(t, tables > 0);
    printk("# pmm: %zu kernel page tables, %zu heap/vmap pages checked\n", tables, mapped);
}

/* Takes every free frame. None may overlap the low megabyte, the kernel
 * image, the Multiboot information or a module, and each must be handed out
 * once; then the figures must come back exactly. The frames are chained
 * through their first word, so the test needs no memory of its own. */
static uint32_t exhaust_seen[DIRECT_MAP_LIMIT / PAGE_SIZE / 32];

KTEST(pmm, exhaustion_avoids_reserved_and_recovers)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    memset(exhaust_seen, 0, sizeof(exhaust_seen));
    paddr_t head = PMM_NO_FRAME;
    size_t count = 0, bad_reserved = 0, bad_dup = 0, bad_unmanaged = 0, bad_dirty = 0;
    for (;;) {
        paddr_t f = pmm_alloc_frame();
        if (f == PMM_NO_FRAME)
            break;
        count++;
        size_t idx = f / PAGE_SIZE;
        if (idx >= DIRECT_MAP_LIMIT / PAGE_SIZE || (f & (PAGE_SIZE - 1))) {
            bad_unmanaged++;
            continue;   /* cannot be chained or freed safely */
        }
        if (exhaust_seen[idx / 32] & (1u << (idx % 32)))
            bad_dup++;
        exhaust_seen[idx / 32] |= 1u << (idx % 32);
        if (frame_reserved(f))
            bad_reserved++;
        if (!pmm_is_managed(f))
            bad_unmanaged++;
        paddr_t *link = phys_to_virt(f);
        if (link[0] != 0 || link[PAGE_SIZE / sizeof(paddr_t) - 1] != 0)
            bad_dirty++;
        link[0] = head;
        head = f;
    }
    KT_CHECK_EQ(t, count, before.free_frames);
    KT_CHECK_EQ(t, pmm_free_frames(), 0);
    KT_CHECK_EQ(t, bad_reserved, 0);
    KT_CHECK_EQ(t, bad_dup, 0);
    KT_CHECK_EQ(t, bad_unmanaged, 0);
    KT_CHECK_EQ(t, bad_dirty, 0);
    KT_CHECK(t, pmm_alloc_frame() == PMM_NO_FRAME);

    /* With one frame free, a dirtied frame must come back, and zeroed. */
    if (head != PMM_NO_FRAME) {
        paddr_t f = head;
        paddr_t next = *(paddr_t *)phys_to_virt(f);
        memset(phys_to_virt(f), 0x5A, PAGE_SIZE);
        pmm_free_frame(f);
        KT_CHECK_EQ(t, pmm_free_frames(), 1);
        paddr_t again = pmm_alloc_frame();
        KT_CHECK(t, again == f);
        if (again == f) {
            KT_CHECK(t, kt_all_zero(phys_to_virt(f), PAGE_SIZE));
            *(paddr_t *)phys_to_virt(f) = next;
        } else {
            head = next;
            if (again != PMM_NO_FRAME)
                pmm_free_frame(again);
        }
    }
    while (head != PMM_NO_FRAME) {
        paddr_t next = *(paddr_t *)phys_to_virt(head);
        pmm_free_frame(head);
        head = next;
    }
    printk("# pmm: %zu frames taken and returned\n", count);
    KT_CHECK_MM_RESTORED(t, &before);
}
