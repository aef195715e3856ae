/* Bitmap frame allocator with per-frame reference counts, built from the
 * boot memory map. Only memory below DIRECT_MAP_LIMIT is managed, so every
 * frame is reachable through the kernel's direct map. */
#include "mm/pmm.h"
#include "kernel/boot_info.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include <string.h>

#define MAX_FRAMES      (DIRECT_MAP_LIMIT / PAGE_SIZE)
#define LOW_RESERVED    0x100000    /* BIOS data, VGA memory, option ROMs */

/* Protects everything below. Lock order: the heap and paging locks may be
 * held when this one is taken, never the other way round. */
static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");
static uint32_t frame_used_bits[MAX_FRAMES / 32];  /* 1 = in use or not RAM */
static uint16_t frame_refs[MAX_FRAMES];
static size_t frames_total, frames_free;
static size_t frame_limit;      /* one past the highest managed frame */
static size_t search_hint;      /* word index where the last search succeeded */

static inline int frame_is_used(size_t f) { return (frame_used_bits[f / 32] >> (f % 32)) & 1; }
static inline void frame_set_used(size_t f) { frame_used_bits[f / 32] |= 1u << (f % 32); }
static inline void frame_set_free(size_t f) { frame_used_bits[f / 32] &= ~(1u << (f % 32)); }

static void pmm_reserve_range(uint64_t start, uint64_t end)
{
    for (uint64_t f = start / PAGE_SIZE; f < (end + PAGE_SIZE - 1) / PAGE_SIZE && f < MAX_FRAMES; f++) {
        if (!frame_is_used(f)) {
            frame_set_used(f);
            frames_free--;
        }
    }
}

void pmm_init(void)
{
    memset(frame_used_bits, 0xFF, sizeof(frame_used_bits));
    for (unsigned i = 0; i < boot_info.range_count; i++) {
        const struct boot_memory_range *r = &boot_info.ranges[i];
        if (!r->usable)
            continue;
        /* Only whole frames inside the range count. */
        uint64_t first = (r->base + PAGE_SIZE - 1) / PAGE_SIZE;
        uint64_t last = (r->base + r->length) / PAGE_SIZE;
        for (uint64_t f = first; f < last && f < MAX_FRAMES; f++) {
            if (frame_is_used(f)) {
                frame_set_free(f);
                frames_free++;
                frames_total++;
                if (f + 1 > frame_limit)
                    frame_limit = f + 1;
            }
        }
    }
    /* Memory map ranges may overlap; a later reserved range wins. */
    for (unsigned i = 0; i < boot_info.range_count; i++) {
        const struct boot_memory_range *r = &boot_info.ranges[i];
        if (!r->usable)
            pmm_reserve_range(r->base, r->base + r->length);
    }
    pmm_reserve_range(0, LOW_RESERVED);
    pmm_reserve_range((uintptr_t)_kernel_phys_start, (uintptr_t)_kernel_phys_end);
    pmm_reserve_range(boot_info.info_phys_start, boot_info.info_phys_end);
    for (unsigned i = 0; i < boot_info.module_count; i++)
        pmm_reserve_range(boot_info.modules[i].phys_start, boot_info.modules[i].phys_end);
    frames_total = frames_free;
}

/* Interrupts off and pmm_lock held. */
static size_t pmm_find_free_frame(void)
{
    size_t words = (frame_limit + 31) / 32;
    for (size_t n = 0; n < words; n++) {
        size_t w = (search_hint + n) % words;
        if (frame_used_bits[w] == 0xFFFFFFFFu)
            continue;
        size_t f = w * 32 + (size_t)__builtin_ctz(~frame_used_bits[w]);
        if (f >= frame_limit)
            continue;
        search_hint = w;
        return f;
    }
    return 0;
}

paddr_t pmm_alloc_frame(void)
{
    irqflags_t fl = spin_lock_irqsave(&pmm_lock);
    size_t f = frames_free ? pmm_find_free_frame() : 0;
    if (f) {
        frame_set_used(f);
        frame_refs[f] = 1;
        frames_free--;
    }
    spin_unlock_irqrestore(&pmm_lock, fl);
    if (!f)
        return PMM_NO_FRAME;
    paddr_t pa = (paddr_t)f * PAGE_SIZE;
    memset(phys_to_virt(pa), 0, PAGE_SIZE);
    return pa;
}

static size_t pmm_frame_index_checked(paddr_t frame, const char *what)
{
    size_t f = frame / PAGE_SIZE;
    if ((frame & (PAGE_SIZE - 1)) || f >= frame_limit || !frame_is_used(f) || frame_refs[f] == 0)
        panic("pmm: %s of frame %llx that is not allocated", what, (unsigned long long)frame);
    return f;
}

void pmm_free_frame(paddr_t frame)
{
    irqflags_t fl = spin_lock_irqsave(&pmm_lock);
    size_t f = pmm_frame_index_checked(frame, "free");
    if (--frame_refs[f] == 0) {
        frame_set_free(f);
        frames_free++;
    }
    spin_unlock_irqrestore(&pmm_lock, fl);
}

void pmm_frame_ref(paddr_t frame)
{
    irqflags_t fl = spin_lock_irqsave(&pmm_lock);
    size_t f = pmm_frame_index_checked(frame, "reference");
    ASSERT(frame_refs[f] < UINT16_MAX);
    frame_refs[f]++;
    spin_unlock_irqrestore(&pmm_lock, fl);
}

unsigned pmm_frame_refcount(paddr_t frame)
{
    size_t f = frame / PAGE_SIZE;
    return f < frame_limit ? frame_refs[f] : 0;
}

size_t pmm_free_frames(void) { return frames_free; }
size_t pmm_total_frames(void) { return frames_total; }

int pmm_is_managed(paddr_t frame)
{
    size_t f = frame / PAGE_SIZE;
    if (f >= frame_limit)
        return 0;
    /* A managed frame is one that some usable range covers and nothing reserved. */
    for (unsigned i = 0; i < boot_info.range_count; i++) {
        const struct boot_memory_range *r = &boot_info.ranges[i];
        if (r->usable && frame >= r->base && frame + PAGE_SIZE <= r->base + r->length)
            return frame >= LOW_RESERVED;
    }
    return 0;
}
