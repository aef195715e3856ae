/* Helpers for the memory-management self-tests: snapshots of the allocators'
 * figures so a test can prove that it gave back everything it took.
 *
 * Page tables of the kernel half are created on demand and then kept for
 * good (every address space shares them), so a test that touches a new part
 * of the heap or vmap window legitimately leaves a page-table frame behind.
 * Those frames are counted separately instead of being hidden behind a
 * warm-up pass, so a real leak still shows as a mismatch. */
#ifndef TESTS_KERNEL_KTEST_MM_H
#define TESTS_KERNEL_KTEST_MM_H
#include "arch/x86/paging.h"
#include "kernel/selftest.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/vmap.h"
#include <string.h>
#include <stddef.h>
#include <stdint.h>

#define KT_PTE_PRESENT  1ull
#define KT_PTE_ADDR     0x000FFFFFFFFFF000ull

/* Present entries of the kernel-half page directory: each is one page-table
 * frame (or, before paging_init, a 2 MiB page). */
static inline size_t kt_kernel_page_tables(void)
{
    const uint64_t *dir = phys_to_virt(kernel_page_dir.pdpt[3] & KT_PTE_ADDR);
    size_t n = 0;
    for (unsigned i = 0; i < 512; i++)
        n += (dir[i] & KT_PTE_PRESENT) != 0;
    return n;
}

struct kt_mm_snapshot {
    size_t free_frames;
    size_t kernel_page_tables;
    size_t vmap_pages;
    struct heap_stats heap;
};

/* Trims the heap first so that empty slab pages cached before (or during)
 * the test do not count as a difference. */
static inline void kt_mm_snapshot(struct kt_mm_snapshot *s)
{
    heap_trim();
    heap_get_stats(&s->heap);
    s->vmap_pages = vmap_pages_in_use();
    s->kernel_page_tables = kt_kernel_page_tables();
    s->free_frames = pmm_free_frames();
}

/* Checks that nothing allocated since `before` is still held: every frame is
 * free again except page tables the kernel half gained, and the heap and
 * vmap figures are back where they were. */
#define KT_CHECK_MM_RESTORED(t, before)                                        \
    do {                                                                       \
        struct kt_mm_snapshot kt_now_;                                         \
        kt_mm_snapshot(&kt_now_);                                              \
        KT_CHECK((t), kt_now_.kernel_page_tables >= (before)->kernel_page_tables); \
        KT_CHECK_EQ((t), kt_now_.free_frames + (kt_now_.kernel_page_tables -   \
                                                (before)->kernel_page_tables), \
                    (before)->free_frames);                                    \
        KT_CHECK_EQ((t), kt_now_.heap.bytes_in_use, (before)->heap.bytes_in_use); \
        KT_CHECK_EQ((t), kt_now_.heap.allocations, (before)->heap.allocations); \
        KT_CHECK_EQ((t), kt_now_.heap.pages_mapped, (before)->heap.pages_mapped); \
        KT_CHECK_EQ((t), kt_now_.vmap_pages, (before)->vmap_pages);            \
    } while (0)

/* A small deterministic generator (xorshift32) so that a failing run can be
 * repeated exactly. */
static inline uint32_t kt_rand(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* Whether every byte of [p, p+n) is zero. */
static inline int kt_all_zero(const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        if (b[i])
            return 0;
    return 1;
}
#endif
