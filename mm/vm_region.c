/* Region list surgery and page-table upkeep for user address spaces. */
#include "mm/vm_region.h"
#include "arch/x86/paging.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/vm_anon.h"
#include <string.h>

struct vm_region *vm_region_alloc(void)
{
    struct vm_region *r = kzalloc(sizeof(*r));
    if (r)
        list_init(&r->node);
    return r;
}

void vm_region_free(struct vm_region *r)
{
    ASSERT(!list_linked(&r->node));
    if (r->anon)
        vm_anon_put(r->anon);
    kfree(r);
}

void vm_region_set_name(struct vm_region *r, const char *name)
{
    r->name[0] = 0;
    if (name)
        strlcpy(r->name, name, sizeof(r->name));
}

struct vm_region *vm_region_find(struct vm_space *space, vaddr_t addr)
{
    ASSERT_HELD(&space->lock);
    list_for_each(n, &space->regions) {
        struct vm_region *r = vm_region_of(n);
        if (addr < r->start)
            return NULL;    /* sorted: nothing further can hold it */
        if (addr < r->end)
            return r;
    }
    return NULL;
}

void vm_region_insert(struct vm_space *space, struct vm_region *r)
{
    ASSERT_HELD(&space->lock);
    ASSERT(r->start < r->end && r->start >= USER_SPACE_START && r->end <= USER_SPACE_END);
    struct list_node *before = &space->regions;    /* insert ahead of this */
    list_for_each(n, &space->regions) {
        struct vm_region *other = vm_region_of(n);
        if (other->start >= r->end) {
            before = n;
            break;
        }
        ASSERT(other->end <= r->start);
    }
    list_insert_between(&r->node, before->prev, before);
}

void vm_region_split(struct vm_space *space, struct vm_region *r, vaddr_t at, struct vm_region *spare)
{
    ASSERT_HELD(&space->lock);
    ASSERT(at > r->start && at < r->end && !(at & (PAGE_SIZE - 1)));
    spare->start = at;
    spare->end = r->end;
    spare->prot = r->prot;
    spare->flags = r->flags;
    spare->anon = r->anon;
    spare->anon_first = vm_region_anon_index(r, at);
    memcpy(spare->name, r->name, sizeof(spare->name));
    vm_anon_get(r->anon);
    r->end = at;
    list_insert_between(&spare->node, &r->node, r->node.next);
}

bool vm_range_is_free(struct vm_space *space, vaddr_t start, vaddr_t end)
{
    ASSERT_HELD(&space->lock);
    list_for_each(n, &space->regions) {
        struct vm_region *r = vm_region_of(n);
        if (r->start >= end)
            break;
        if (r->end > start)
            return false;
    }
    return true;
}

int vm_find_gap(struct vm_space *space, size_t len, vaddr_t *out)
{
    ASSERT_HELD(&space->lock);
    /* Top down, so that mappings stay far from a program image and its
     * break near the bottom. */
    vaddr_t hi = USER_SPACE_END;
    for (struct list_node *n = space->regions.prev; n != &space->regions; n = n->prev) {
        struct vm_region *r = vm_region_of(n);
        if (hi - r->end >= len) {
            *out = hi - len;
            return 0;
        }
        hi = r->start;
    }
    if (hi - USER_SPACE_START >= len) {
        *out = hi - len;
        return 0;
    }
    return -ENOMEM;
}

void vm_remove_range(struct vm_space *space, vaddr_t start, vaddr_t end, struct vm_region **spare)
{
    ASSERT_HELD(&space->lock);
    list_for_each_safe(n, tmp, &space->regions) {
        struct vm_region *r = vm_region_of(n);
        if (r->start >= end)
            break;
        if (r->end <= start)
            continue;
        if (r->start < start && r->end > end) {
            /* A hole in the middle: the part above it becomes its own region
             * (linked right after r, which the walk need not visit). */
            ASSERT(*spare);
            vm_region_split(space, r, end, *spare);
            *spare = NULL;
        }
        if (r->start < start) {
            vm_region_unmap_ptes(space, r, start, r->end, true);
            r->end = start;
        } else if (r->end > end) {
            vm_region_unmap_ptes(space, r, r->start, end, true);
            r->anon_first = vm_region_anon_index(r, end);
            r->start = end;
        } else {
            vm_region_unmap_ptes(space, r, r->start, r->end, true);
            list_remove(&r->node);
            vm_region_free(r);
        }
    }
}

unsigned vm_region_pte_flags(const struct vm_region *r, paddr_t frame)
{
    if (!(r->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
        return 0;
    unsigned flags = PAGE_USER;
    if (r->prot & VM_PROT_EXEC)
        flags |= PAGE_EXEC;
    if ((r->prot & VM_PROT_WRITE) && ((r->flags & VM_MAP_SHARED) || pmm_frame_refcount(frame) == 1))
        flags |= PAGE_WRITE;
    return flags;
}

void vm_region_unmap_ptes(struct vm_space *space, struct vm_region *r, vaddr_t start, vaddr_t end, bool release)
{
    ASSERT_HELD(&space->lock);
    ASSERT(start >= r->start && end <= r->end && start <= end);
    size_t first = vm_region_anon_index(r, start), limit = vm_region_anon_index(r, end);
    /* Only pages with a frame can have an entry. */
    for (size_t idx = vm_anon_next_resident(r->anon, first, limit); idx < limit;
         idx = vm_anon_next_resident(r->anon, idx + 1, limit)) {
        vaddr_t va = r->start + (idx - r->anon_first) * PAGE_SIZE;
        paddr_t mapped = paging_unmap(space->pd, va);
        ASSERT(mapped == 0 || mapped == vm_anon_frame(r->anon, idx));
    }
    if (release)
        vm_anon_release(r->anon, first, limit - first);
}

void vm_region_refresh_ptes(struct vm_space *space, struct vm_region *r)
{
    ASSERT_HELD(&space->lock);
    size_t first = r->anon_first, limit = r->anon_first + vm_region_pages(r);
    for (size_t idx = vm_anon_next_resident(r->anon, first, limit); idx < limit;
         idx = vm_anon_next_resident(r->anon, idx + 1, limit)) {
        vaddr_t va = r->start + (idx - r->anon_first) * PAGE_SIZE;
        paddr_t frame;
        if (!paging_query(space->pd, va, &frame, NULL))
            continue;
        ASSERT(frame == vm_anon_frame(r->anon, idx));
        unsigned flags = vm_region_pte_flags(r, frame);
        if (flags) {
            int rc = paging_protect(space->pd, va, flags);
            ASSERT(rc == 0);    /* just seen present, and we hold the lock */
        } else {
            paging_unmap(space->pd, va);
        }
    }
}
