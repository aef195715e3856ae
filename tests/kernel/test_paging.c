/* Page tables: the protections of the kernel image, the null page, and the
 * map/unmap/query/protect interface that the rest of memory management
 * builds on. */
#include "arch/x86/cpu.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "tests/kernel/ktest_mm.h"

/* Checks every page of [start, end) against the expected flags; reports the
 * first page that differs so one bad range gives one line. */
extern char boot_stack_guard[];

static void check_range_flags(struct ktest_ctx *t, const char *what, uintptr_t start,
                              uintptr_t end, bool writable, bool executable)
{
    for (uintptr_t va = start; va < end; va += PAGE_SIZE) {
        paddr_t pa;
        unsigned fl;
        /* The boot stack's guard page is the one hole, on purpose. */
        if (va == (uintptr_t)boot_stack_guard) {
            if (paging_query(NULL, va, NULL, NULL))
                ktest_fail(t, __FILE__, __LINE__, "the boot stack guard page %08lx is mapped", (unsigned long)va);
            continue;
        }
        if (!paging_query(NULL, va, &pa, &fl)) {
            ktest_fail(t, __FILE__, __LINE__, "%s page %08lx is not mapped", what, (unsigned long)va);
            return;
        }
        if (pa != virt_to_phys((void *)va)) {
            ktest_fail(t, __FILE__, __LINE__, "%s page %08lx maps %llx, not its own frame", what,
                       (unsigned long)va, (unsigned long long)pa);
            return;
        }
        bool w = fl & PAGE_WRITE, x = fl & PAGE_EXEC;
        /* Without NX every present page is executable; nothing to check. */
        if (w != writable || (cpu_features.nx && x != executable)) {
            ktest_fail(t, __FILE__, __LINE__, "%s page %08lx has write=%d exec=%d, want write=%d exec=%d",
                       what, (unsigned long)va, w, x, writable, executable);
            return;
        }
        if (fl & PAGE_USER) {
            ktest_fail(t, __FILE__, __LINE__, "%s page %08lx is user-accessible", what, (unsigned long)va);
            return;
        }
    }
}

KTEST(paging, kernel_image_protections)
{
    if (!cpu_features.nx)
        printk("# paging: no NX on this CPU, execute permissions not checked\n");
    check_range_flags(t, "text", (uintptr_t)_kernel_text_start, (uintptr_t)_kernel_text_end, false, true);
    check_range_flags(t, "rodata", (uintptr_t)_kernel_rodata_start, (uintptr_t)_kernel_rodata_end,
                      false, false);
    check_range_flags(t, "data", (uintptr_t)_kernel_data_start, (uintptr_t)_kernel_data_end, true, false);

    /* Spot checks through symbols, independent of the linker boundaries. */
    unsigned fl = 0;
    KT_ASSERT(t, paging_query(NULL, (vaddr_t)(uintptr_t)&paging_map, NULL, &fl));
    KT_CHECK(t, !(fl & PAGE_WRITE));
    KT_CHECK(t, fl & PAGE_EXEC);
    KT_ASSERT(t, paging_query(NULL, (vaddr_t)(uintptr_t)&cpu_features, NULL, &fl));
    KT_CHECK(t, fl & PAGE_WRITE);
    if (cpu_features.nx)
        KT_CHECK(t, !(fl & PAGE_EXEC));
}

KTEST(paging, heap_and_free_memory_not_executable)
{
    if (!cpu_features.nx)
        return;
    unsigned fl = 0;
    void *p = kmalloc(64);
    KT_ASSERT(t, p != NULL);
    KT_CHECK(t, paging_query(NULL, (vaddr_t)(uintptr_t)p, NULL, &fl) && !(fl & PAGE_EXEC) && (fl & PAGE_WRITE));
    kfree(p);
    paddr_t f = pmm_alloc_frame();
    KT_ASSERT(t, f != PMM_NO_FRAME);
    KT_CHECK(t, paging_query(NULL, (vaddr_t)(uintptr_t)phys_to_virt(f), NULL, &fl) && !(fl & PAGE_EXEC));
    pmm_free_frame(f);
}

KTEST(paging, null_page_and_low_memory_unmapped)
{
    /* The kernel address space has no user half at all: the boot identity
     * map is gone, so a null pointer dereference faults. */
    KT_CHECK_EQ(t, read_cr3(), kernel_page_dir.pdpt_phys);
    for (unsigned slot = 0; slot < 3; slot++)
        KT_CHECK_EQ(t, kernel_page_dir.pdpt[slot] & KT_PTE_PRESENT, 0);
    KT_CHECK(t, kernel_page_dir.pdpt[3] & KT_PTE_PRESENT);

    struct page_dir *pd = paging_create();
    KT_ASSERT(t, pd != NULL);
    KT_CHECK(t, !paging_query(pd, 0, NULL, NULL));
    KT_CHECK(t, !paging_query(pd, USER_SPACE_START, NULL, NULL));
    KT_CHECK(t, !paging_query(pd, USER_SPACE_END - PAGE_SIZE, NULL, NULL));
    paging_destroy(pd);
}

KTEST(paging, map_query_protect_unmap_kernel)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    /* A page of our own in the vmap window, so nothing else is disturbed. */
    volatile uint32_t *page = vmap_alloc(1, 0);
    KT_ASSERT(t, page != NULL);
    vaddr_t va = (vaddr_t)(uintptr_t)page;
    paddr_t orig;
    unsigned fl;
    KT_ASSERT(t, paging_query(NULL, va, &orig, &fl));
    KT_CHECK(t, fl & PAGE_WRITE);
    page[0] = 0x11111111;   /* the old translation is now in the TLB */

    paddr_t frame = pmm_alloc_frame();
    KT_ASSERT(t, frame != PMM_NO_FRAME);
    KT_CHECK_EQ(t, paging_map(NULL, va, frame, PAGE_WRITE), 0);
    paddr_t pa = 0;
    KT_CHECK(t, paging_query(NULL, va, &pa, &fl));
    KT_CHECK_EQ(t, pa, frame);
    KT_CHECK(t, fl & PAGE_WRITE);
    KT_CHECK(t, !(fl & PAGE_USER));
    if (cpu_features.nx)
        KT_CHECK(t, !(fl & PAGE_EXEC));
    /* Writes must reach the new frame, not the stale one. */
    page[1] = 0xC0FFEE42;
    KT_CHECK_EQ(t, ((uint32_t *)phys_to_virt(frame))[1], 0xC0FFEE42);
    KT_CHECK_EQ(t, ((uint32_t *)phys_to_virt(orig))[0], 0x11111111);
    KT_CHECK_EQ(t, ((uint32_t *)phys_to_virt(orig))[1], 0);

    KT_CHECK_EQ(t, paging_protect(NULL, va, 0), 0);
    KT_CHECK(t, paging_query(NULL, va, &pa, &fl));
    KT_CHECK_EQ(t, pa, frame);
    KT_CHECK(t, !(fl & PAGE_WRITE));
    KT_CHECK_EQ(t, page[1], 0xC0FFEE42);   /* still readable */
    KT_CHECK_EQ(t, paging_protect(NULL, va, PAGE_WRITE | PAGE_EXEC), 0);
    KT_CHECK(t, paging_query(NULL, va, NULL, &fl));
    KT_CHECK(t, (fl & PAGE_WRITE) && (fl & PAGE_EXEC));
    KT_CHECK_EQ(t, paging_map(NULL, va, frame, PAGE_NOCACHE), 0);
    KT_CHECK(t, paging_query(NULL, va, NULL, &fl));
    KT_CHECK(t, (fl & PAGE_NOCACHE) && !(fl & PAGE_WRITE));

    KT_CHECK_EQ(t, paging_unmap(NULL, va), frame);
    KT_CHECK(t, !paging_query(NULL, va, NULL, NULL));
    KT_CHECK_EQ(t, paging_unmap(NULL, va), 0);
    KT_CHECK_EQ(t, paging_protect(NULL, va, PAGE_WRITE), -ENOENT);
    pmm_free_frame(frame);

    /* Give vmap its own frame back so that vmap_free releases it. */
    KT_CHECK_EQ(t, paging_map(NULL, va, orig, PAGE_WRITE), 0);
    KT_CHECK_EQ(t, page[0], 0x11111111);
    vmap_free((void *)page, 1, 0);
    KT_CHECK_MM_RESTORED(t, &before);
}

KTEST(paging, address_space_create_destroy_leaks_nothing)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    /* One page in each user page directory, at both ends of user space. */
    static const vaddr_t user_vas[] = {USER_SPACE_START, 0x40000000, 0x7FFFF000, USER_SPACE_END - PAGE_SIZE};
    enum { N = sizeof(user_vas) / sizeof(user_vas[0]) };
    paddr_t frames[N];
    for (int round = 0; round < 3; round++) {
        struct page_dir *pd = paging_create();
        KT_ASSERT(t, pd != NULL);
        KT_CHECK_EQ(t, pd->pdpt[3], kernel_page_dir.pdpt[3]);   /* kernel half shared */
        KT_CHECK_EQ(t, pd->pdpt_phys & 31, 0);
        for (int i = 0; i < N; i++) {
            frames[i] = pmm_alloc_frame();
            KT_ASSERT(t, frames[i] != PMM_NO_FRAME);
            KT_CHECK_EQ(t, paging_map(pd, user_vas[i], frames[i], PAGE_USER | PAGE_WRITE), 0);
        }
        for (int i = 0; i < N; i++) {
            paddr_t pa = 0;
            unsigned fl = 0;
            KT_CHECK(t, paging_query(pd, user_vas[i], &pa, &fl));
            KT_CHECK_EQ(t, pa, frames[i]);
            KT_CHECK(t, (fl & PAGE_USER) && (fl & PAGE_WRITE));
            KT_CHECK(t, !paging_query(pd, user_vas[i] ^ PAGE_SIZE, NULL, NULL));
        }
        /* Mappings of one address space are invisible in another. */
        struct page_dir *other = paging_create();
        KT_ASSERT(t, other != NULL);
        KT_CHECK(t, other->pdpt_phys != pd->pdpt_phys);
        for (int i = 0; i < N; i++)
            KT_CHECK(t, !paging_query(other, user_vas[i], NULL, NULL));
        paging_destroy(other);
        /* Half are unmapped by hand, the rest left for destroy: it must free
         * the page tables either way (but not the mapped frames). */
        for (int i = 0; i < N; i += 2)
            KT_CHECK_EQ(t, paging_unmap(pd, user_vas[i]), frames[i]);
        paging_destroy(pd);
        for (int i = 0; i < N; i++) {
            KT_CHECK_EQ(t, pmm_frame_refcount(frames[i]), 1);
            pmm_free_frame(frames[i]);
        }
    }
    KT_CHECK_MM_RESTORED(t, &before);
}
