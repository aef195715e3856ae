/* vmap: mapped, writable, non-executable ranges with unmapped guard pages
 * below them (kernel stacks rely on the guard to turn an overflow into a
 * fault instead of silent corruption). */
#include "arch/x86/cpu.h"
#include "tests/kernel/ktest_mm.h"

static bool range_mapped(uintptr_t start, size_t pages, struct ktest_ctx *t)
{
    bool ok = true;
    for (size_t i = 0; i < pages; i++) {
        unsigned fl = 0;
        paddr_t pa = 0;
        if (!paging_query(NULL, start + i * PAGE_SIZE, &pa, &fl)) {
            ok = false;
            continue;
        }
        KT_CHECK(t, fl & PAGE_WRITE);
        KT_CHECK(t, !(fl & PAGE_USER));
        if (cpu_features.nx)
            KT_CHECK(t, !(fl & PAGE_EXEC));
        KT_CHECK(t, pmm_is_managed(pa));
        KT_CHECK_EQ(t, pmm_frame_refcount(pa), 1);
    }
    return ok;
}

KTEST(vmap, alloc_maps_pages_below_guard)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    const size_t pages = 4, guard = 2;
    char *a = vmap_alloc(pages, guard);
    KT_ASSERT(t, a != NULL);
    uintptr_t va = (uintptr_t)a;
    KT_CHECK_EQ(t, va & (PAGE_SIZE - 1), 0);
    KT_CHECK(t, va >= VMAP_START + guard * PAGE_SIZE && va + pages * PAGE_SIZE <= VMAP_END);
    KT_CHECK_EQ(t, vmap_pages_in_use(), before.vmap_pages + pages + guard);
    KT_CHECK_EQ(t, pmm_free_frames() + (kt_kernel_page_tables() - before.kernel_page_tables),
                before.free_frames - pages);
    KT_CHECK(t, range_mapped(va, pages, t));
    for (size_t g = 1; g <= guard; g++)
        KT_CHECK(t, !paging_query(NULL, va - g * PAGE_SIZE, NULL, NULL));
    KT_CHECK(t, kt_all_zero(a, pages * PAGE_SIZE));
    for (size_t i = 0; i < pages * PAGE_SIZE; i += 512)
        a[i] = (char)(i >> 9);
    for (size_t i = 0; i < pages * PAGE_SIZE; i += 512)
        KT_CHECK_EQ(t, a[i], (char)(i >> 9));

    /* A second range overlaps neither the first nor its guard. */
    char *b = vmap_alloc(1, 1);
    KT_ASSERT(t, b != NULL);
    uintptr_t vb = (uintptr_t)b;
    KT_CHECK(t, vb + PAGE_SIZE <= va - guard * PAGE_SIZE || vb - PAGE_SIZE >= va + pages * PAGE_SIZE);
    b[0] = 1;
    KT_CHECK_EQ(t, a[0], 0);

    vmap_free(b, 1, 1);
    vmap_free(a, pages, guard);
    for (size_t i = 0; i < pages; i++)
        KT_CHECK(t, !paging_query(NULL, va + i * PAGE_SIZE, NULL, NULL));
    KT_CHECK_MM_RESTORED(t, &before);
}

KTEST(vmap, impossible_requests_fail_cleanly)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    KT_CHECK(t, vmap_alloc(0, 0) == NULL);
    KT_CHECK(t, vmap_alloc(0, 1) == NULL);
    size_t window = (VMAP_END - VMAP_START) / PAGE_SIZE;
    KT_CHECK(t, vmap_alloc(window + 1, 0) == NULL);
    KT_CHECK(t, vmap_alloc(window, 1) == NULL);
    KT_CHECK_MM_RESTORED(t, &before);
}

KTEST(vmap, reuse_after_free)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    /* Many stack-sized ranges, freed and made again, must not leak. */
    enum { N = 32 };
    void *r[N];
    for (int round = 0; round < 4; round++) {
        for (int i = 0; i < N; i++) {
            r[i] = vmap_alloc(2, 1);
            KT_ASSERT(t, r[i] != NULL);
            *(volatile uint32_t *)r[i] = 0xABCD0000u + (uint32_t)i;
        }
        for (int i = 0; i < N; i++) {
            KT_CHECK_EQ(t, *(volatile uint32_t *)r[i], 0xABCD0000u + (uint32_t)i);
            vmap_free(r[i], 2, 1);
        }
    }
    KT_CHECK_MM_RESTORED(t, &before);
}
