/* Anonymous memory objects: a two-level table of frame numbers per object. */
#include "mm/vm_anon.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include <string.h>

static inline size_t anon_chunk_of(size_t idx) { return idx / VM_ANON_CHUNK; }
static inline size_t anon_slot_of(size_t idx) { return idx % VM_ANON_CHUNK; }
static inline paddr_t anon_frame_addr(uint32_t fn) { return (paddr_t)fn << PAGE_SHIFT; }

struct vm_anon *vm_anon_create(size_t npages, bool shared)
{
    ASSERT(npages > 0);
    struct vm_anon *obj = kzalloc(sizeof(*obj));
    if (!obj)
        return NULL;
    obj->nchunks = (npages + VM_ANON_CHUNK - 1) / VM_ANON_CHUNK;
    obj->chunks = kcalloc(obj->nchunks, sizeof(*obj->chunks));
    if (!obj->chunks) {
        kfree(obj);
        return NULL;
    }
    spinlock_init(&obj->lock, shared ? "vm_anon_shared" : "vm_anon");
    obj->refs = 1;
    obj->shared = shared;
    obj->npages = npages;
    return obj;
}

void vm_anon_get(struct vm_anon *obj)
{
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    ASSERT(obj->refs > 0);
    obj->refs++;
    spin_unlock_irqrestore(&obj->lock, fl);
}

void vm_anon_put(struct vm_anon *obj)
{
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    ASSERT(obj->refs > 0);
    unsigned left = --obj->refs;
    spin_unlock_irqrestore(&obj->lock, fl);
    if (left)
        return;
    /* Nobody else can reach the object any more: no lock needed. */
    for (size_t c = 0; c < obj->nchunks; c++) {
        uint32_t *chunk = obj->chunks[c];
        if (!chunk)
            continue;
        for (size_t s = 0; s < VM_ANON_CHUNK; s++)
            if (chunk[s])
                pmm_free_frame(anon_frame_addr(chunk[s]));
        kfree(chunk);
    }
    kfree(obj->chunks);
    kfree(obj);
}

/* obj->lock held. The table slot of idx; NULL when its chunk does not exist
 * and `create` is false or memory ran out. */
static uint32_t *anon_slot(struct vm_anon *obj, size_t idx, bool create)
{
    ASSERT_HELD(&obj->lock);
    ASSERT(idx < obj->npages);
    uint32_t **chunk = &obj->chunks[anon_chunk_of(idx)];
    if (!*chunk) {
        if (!create)
            return NULL;
        /* kzalloc only takes the heap and frame locks, which nest inside ours. */
        *chunk = kzalloc(VM_ANON_CHUNK * sizeof(uint32_t));
        if (!*chunk)
            return NULL;
    }
    return &(*chunk)[anon_slot_of(idx)];
}

paddr_t vm_anon_frame(struct vm_anon *obj, size_t idx)
{
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    uint32_t *slot = anon_slot(obj, idx, false);
    paddr_t frame = slot ? anon_frame_addr(*slot) : 0;
    spin_unlock_irqrestore(&obj->lock, fl);
    return frame;
}

/* obj->lock held. The frame at idx, allocating a zeroed one when there is
 * none yet; 0 when out of memory. */
static paddr_t anon_frame_or_alloc_locked(struct vm_anon *obj, size_t idx)
{
    uint32_t *slot = anon_slot(obj, idx, true);
    if (!slot)
        return 0;
    if (!*slot) {
        paddr_t fresh = pmm_alloc_frame();     /* zero-filled */
        if (fresh == PMM_NO_FRAME)
            return 0;
        *slot = fresh >> PAGE_SHIFT;
    }
    return anon_frame_addr(*slot);
}

paddr_t vm_anon_frame_or_alloc(struct vm_anon *obj, size_t idx)
{
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    paddr_t frame = anon_frame_or_alloc_locked(obj, idx);
    spin_unlock_irqrestore(&obj->lock, fl);
    return frame;
}

paddr_t vm_anon_frame_private(struct vm_anon *obj, size_t idx)
{
    ASSERT(!obj->shared);
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    paddr_t frame = anon_frame_or_alloc_locked(obj, idx);
    /* A count of one means no other object can see the frame, and only a
     * fork of the space that owns this object (excluded by its lock, which
     * our caller holds) could add a reference. */
    if (frame && pmm_frame_refcount(frame) > 1) {
        paddr_t copy = pmm_alloc_frame();
        if (copy == PMM_NO_FRAME) {
            frame = 0;
            goto out;
        }
        memcpy(phys_to_virt(copy), phys_to_virt(frame), PAGE_SIZE);
        *anon_slot(obj, idx, false) = copy >> PAGE_SHIFT;
        /* The other holder keeps the original; if it is breaking its own
         * copy at the same time, it sees a count of one and reuses it. */
        pmm_free_frame(frame);
        frame = copy;
    }
out:
    spin_unlock_irqrestore(&obj->lock, fl);
    return frame;
}

void vm_anon_release(struct vm_anon *obj, size_t first, size_t count)
{
    if (obj->shared)
        return;
    ASSERT(first + count <= obj->npages);
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    for (size_t idx = first; idx < first + count;) {
        uint32_t *chunk = obj->chunks[anon_chunk_of(idx)];
        if (!chunk) {
            idx = (anon_chunk_of(idx) + 1) * VM_ANON_CHUNK;
            continue;
        }
        uint32_t *slot = &chunk[anon_slot_of(idx)];
        if (*slot) {
            pmm_free_frame(anon_frame_addr(*slot));
            *slot = 0;
        }
        idx++;
    }
    spin_unlock_irqrestore(&obj->lock, fl);
}

struct vm_anon *vm_anon_clone_cow(struct vm_anon *obj, size_t first, size_t count)
{
    ASSERT(!obj->shared && first + count <= obj->npages);
    struct vm_anon *copy = vm_anon_create(count, false);
    if (!copy)
        return NULL;
    bool ok = true;
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    irqflags_t fl_copy = spin_lock_irqsave(&copy->lock);
    for (size_t idx = first; idx < first + count && ok;) {
        uint32_t *chunk = obj->chunks[anon_chunk_of(idx)];
        if (!chunk) {
            idx = (anon_chunk_of(idx) + 1) * VM_ANON_CHUNK;
            continue;
        }
        uint32_t fn = chunk[anon_slot_of(idx)];
        if (fn) {
            uint32_t *to = anon_slot(copy, idx - first, true);
            if (to) {
                pmm_frame_ref(anon_frame_addr(fn));
                *to = fn;
            } else {
                ok = false;
            }
        }
        idx++;
    }
    spin_unlock_irqrestore(&copy->lock, fl_copy);
    spin_unlock_irqrestore(&obj->lock, fl);
    if (!ok) {
        /* Drops the references taken so far along with the copy. */
        vm_anon_put(copy);
        return NULL;
    }
    return copy;
}

size_t vm_anon_next_resident(struct vm_anon *obj, size_t idx, size_t limit)
{
    ASSERT(limit <= obj->npages);
    irqflags_t fl = spin_lock_irqsave(&obj->lock);
    while (idx < limit) {
        uint32_t *chunk = obj->chunks[anon_chunk_of(idx)];
        if (!chunk) {
            idx = (anon_chunk_of(idx) + 1) * VM_ANON_CHUNK;
            continue;
        }
        if (chunk[anon_slot_of(idx)])
            break;
        idx++;
    }
    spin_unlock_irqrestore(&obj->lock, fl);
    return idx < limit ? idx : limit;
}

size_t vm_anon_resident(struct vm_anon *obj, size_t first, size_t count)
{
    size_t n = 0;
    for (size_t idx = vm_anon_next_resident(obj, first, first + count); idx < first + count;
         idx = vm_anon_next_resident(obj, idx + 1, first + count))
        n++;
    return n;
}
