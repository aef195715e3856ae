/* The kernel heap: contents survive other allocations, alignment is kept,
 * impossible requests fail cleanly, and all memory comes back. */
#include "kernel/printk.h"
#include "tests/kernel/ktest_mm.h"

#define CHURN_SLOTS     256
#define CHURN_CYCLES    10000
#define CHURN_MAX_SIZE  16384

struct churn_slot {
    unsigned char *p;
    size_t size;
    uint8_t seed;
};

/* Every byte depends on the slot's seed and its position, so an object that
 * overlaps another or was moved shows up as a mismatch. */
static void churn_fill(struct churn_slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        s->p[i] = (uint8_t)(s->seed + i * 13 + (i >> 8));
}

static bool churn_intact(const struct churn_slot *s)
{
    for (size_t i = 0; i < s->size; i++)
        if (s->p[i] != (uint8_t)(s->seed + i * 13 + (i >> 8)))
            return false;
    return true;
}

/* Sizes spread over every size class and over multi-page blocks: first a
 * power-of-two magnitude, then a size below it. */
static size_t churn_size(uint32_t *rng)
{
    uint32_t r = kt_rand(rng);
    size_t limit = (size_t)2 << (r % 14);     /* 2 .. 16384 */
    return 1 + kt_rand(rng) % limit;
}

static struct churn_slot churn[CHURN_SLOTS];

KTEST(heap, churn_mixed_sizes_keeps_contents_and_returns_memory)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    uint32_t rng = 0x1234567u;
    size_t corrupt = 0, failed = 0, short_size = 0, misaligned = 0, peak = 0, live = 0;
    memset(churn, 0, sizeof(churn));
    for (int cycle = 0; cycle < CHURN_CYCLES; cycle++) {
        struct churn_slot *s = &churn[kt_rand(&rng) % CHURN_SLOTS];
        if (s->p) {
            if (!churn_intact(s))
                corrupt++;
            kfree(s->p);
            s->p = NULL;
            live--;
            continue;
        }
        s->size = churn_size(&rng);
        s->seed = (uint8_t)kt_rand(&rng);
        s->p = kmalloc(s->size);
        if (!s->p) {
            failed++;
            continue;
        }
        live++;
        if (live > peak)
            peak = live;
        if (kmalloc_size(s->p) < s->size)
            short_size++;
        /* Fit for any C object: i686 GCC's max_align_t wants 16 bytes. */
        if ((uintptr_t)s->p & 15)
            misaligned++;
        churn_fill(s);
    }
    for (int i = 0; i < CHURN_SLOTS; i++) {
        if (churn[i].p) {
            if (!churn_intact(&churn[i]))
                corrupt++;
            kfree(churn[i].p);
            churn[i].p = NULL;
        }
    }
    KT_CHECK_EQ(t, corrupt, 0);
    KT_CHECK_EQ(t, failed, 0);
    KT_CHECK_EQ(t, short_size, 0);
    KT_CHECK_EQ(t, misaligned, 0);
    KT_CHECK(t, peak > CHURN_SLOTS / 4);  /* the test really held many blocks at once */

    struct heap_stats untrimmed;
    heap_get_stats(&untrimmed);
    KT_CHECK_EQ(t, untrimmed.bytes_in_use, before.heap.bytes_in_use);
    KT_CHECK_EQ(t, untrimmed.allocations, before.heap.allocations);
    KT_CHECK_MM_RESTORED(t, &before);
}

KTEST(heap, stats_track_allocations)
{
    struct heap_stats a, b;
    heap_get_stats(&a);
    void *small = kmalloc(24);
    void *large = kmalloc(3 * PAGE_SIZE + 1);
    KT_ASSERT(t, small && large);
    heap_get_stats(&b);
    KT_CHECK_EQ(t, b.allocations, a.allocations + 2);
    KT_CHECK_EQ(t, b.bytes_in_use, a.bytes_in_use + kmalloc_size(small) + kmalloc_size(large));
    KT_CHECK(t, kmalloc_size(small) >= 24 && kmalloc_size(small) <= 32);
    KT_CHECK_EQ(t, kmalloc_size(large), 4 * PAGE_SIZE);
    kfree(small);
    kfree(large);
    kfree(NULL);    /* allowed, and a no-op */
    heap_get_stats(&b);
    KT_CHECK_EQ(t, b.allocations, a.allocations);
    KT_CHECK_EQ(t, b.bytes_in_use, a.bytes_in_use);
}

KTEST(heap, aligned_allocations)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    static const size_t sizes[] = {1, 7, 8, 9, 100, 2048, 2049, 4096, 5000};
    enum { NSIZES = sizeof(sizes) / sizeof(sizes[0]) };
    void *blocks[NSIZES * 2];
    for (size_t align = 8; align <= PAGE_SIZE; align *= 2) {
        for (size_t i = 0; i < NSIZES; i++) {
            /* Two of each, so the second is not simply a fresh page. */
            for (int k = 0; k < 2; k++) {
                void *p = kmalloc_aligned(sizes[i], align);
                blocks[i * 2 + k] = p;
                KT_ASSERT(t, p != NULL);
                if ((uintptr_t)p & (align - 1))
                    ktest_fail(t, __FILE__, __LINE__, "kmalloc_aligned(%zu, %zu) = %p", sizes[i], align, p);
                KT_CHECK(t, kmalloc_size(p) >= sizes[i]);
                memset(p, 0xEE, sizes[i]);
            }
        }
        for (size_t i = 0; i < NSIZES * 2; i++)
            kfree(blocks[i]);
    }
    KT_CHECK_MM_RESTORED(t, &before);
}

KTEST(heap, zeroing_allocators)
{
    /* Dirty some memory first so that zeroing is not an accident. */
    unsigned char *dirty[8];
    for (int i = 0; i < 8; i++) {
        dirty[i] = kmalloc(96);
        KT_ASSERT(t, dirty[i] != NULL);
        memset(dirty[i], 0xFF, 96);
    }
    for (int i = 0; i < 8; i++)
        kfree(dirty[i]);
    unsigned char *z = kzalloc(96);
    unsigned char *c = kcalloc(12, 8);
    KT_ASSERT(t, z && c);
    KT_CHECK(t, kt_all_zero(z, 96));
    KT_CHECK(t, kt_all_zero(c, 96));
    kfree(z);
    kfree(c);
}

KTEST(heap, impossible_requests_fail_cleanly)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    KT_CHECK(t, kcalloc(SIZE_MAX / 2 + 1, 2) == NULL);
    KT_CHECK(t, kcalloc(0x10000, 0x10001) == NULL);
    KT_CHECK(t, kcalloc(2, SIZE_MAX) == NULL);
    KT_CHECK(t, kmalloc((size_t)1 << 30) == NULL);     /* 1 GiB: more than the heap window */
    KT_CHECK(t, kmalloc(KERNEL_HEAP_END - KERNEL_HEAP_START + 1) == NULL);
    KT_CHECK(t, kmalloc(SIZE_MAX) == NULL);
    KT_CHECK(t, kmalloc(SIZE_MAX - PAGE_SIZE) == NULL);
    KT_CHECK(t, kmalloc_aligned((size_t)1 << 31, PAGE_SIZE) == NULL);
    KT_CHECK(t, kzalloc((size_t)1 << 30) == NULL);
    KT_CHECK_MM_RESTORED(t, &before);
    /* A zero-sized request still gives a unique, freeable pointer. */
    void *a = kmalloc(0), *b = kmalloc(0);
    KT_CHECK(t, a && b && a != b);
    kfree(a);
    kfree(b);
    KT_CHECK_MM_RESTORED(t, &before);
}

/* Fills the heap until it refuses: first with 1 MiB blocks, then the gaps
 * with 64 KiB and single pages. Whichever runs out first, the heap window or
 * RAM, the heap must say no cleanly and recover fully. The blocks are
 * chained through their first word. */
static size_t oom_fill(void **head, size_t block)
{
    size_t n = 0;
    for (;;) {
        void **p = kmalloc(block);
        if (!p)
            return n;
        *p = *head;
        *head = p;
        n++;
    }
}

KTEST(heap, exhaustion_recovers)
{
    struct kt_mm_snapshot before;
    kt_mm_snapshot(&before);
    void *head = NULL;
    size_t big = oom_fill(&head, 1u << 20);
    size_t mid = oom_fill(&head, 64u << 10);
    size_t pages = oom_fill(&head, PAGE_SIZE);
    size_t total = (big << 20) + (mid << 16) + pages * PAGE_SIZE;
    printk("# heap: exhausted after %zu KiB (%zu + %zu + %zu blocks)\n", total >> 10, big, mid, pages);

    struct heap_stats full;
    heap_get_stats(&full);
    KT_CHECK_EQ(t, full.bytes_in_use, before.heap.bytes_in_use + total);
    KT_CHECK_EQ(t, full.allocations, before.heap.allocations + big + mid + pages);
    /* It stopped because the window or RAM was used up, not earlier. */
    size_t window_left = (KERNEL_HEAP_END - KERNEL_HEAP_START) - before.heap.pages_mapped * PAGE_SIZE;
    size_t ram_left = before.free_frames * PAGE_SIZE;
    KT_CHECK(t, total + (4u << 20) >= (window_left < ram_left ? window_left : ram_left));
    KT_CHECK(t, kmalloc(PAGE_SIZE) == NULL);
    /* The heap is still consistent: after one block is freed it serves again. */
    void **first = head;
    head = *first;
    kfree(first);
    void *again = kmalloc(PAGE_SIZE);
    KT_CHECK(t, again != NULL);
    kfree(again);

    while (head) {
        void **p = head;
        head = *p;
        kfree(p);
    }
    KT_CHECK_MM_RESTORED(t, &before);
    void *p = kmalloc(1u << 20);
    KT_CHECK(t, p != NULL);
    kfree(p);
}
