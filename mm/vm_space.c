/* User address spaces: creation, teardown, fork, activation, accounting. */
#include "mm/vm_space.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/heap.h"
#include "mm/vm_anon.h"
#include "mm/vm_region.h"
#include <string.h>

int vm_space_create(struct vm_space **out)
{
    struct vm_space *space = kzalloc(sizeof(*space));
    if (!space)
        return -ENOMEM;
    space->pd = paging_create();
    if (!space->pd) {
        kfree(space);
        return -ENOMEM;
    }
    spinlock_init(&space->lock, "vm_space");
    list_init(&space->regions);
    *out = space;
    return 0;
}

void vm_space_destroy(struct vm_space *space)
{
    ASSERT(this_cpu()->vm != space);
    /* The owner is gone, so nobody else can reach the space. Page tables
     * only cache what the objects own: freeing them does not touch frames,
     * and dropping the objects frees every frame no other space shares. */
    paging_destroy(space->pd);
    struct list_node *n;
    while ((n = list_pop_front(&space->regions)))
        vm_region_free(vm_region_of(n));
    kfree(space);
}

/* parent->lock held. The child's copy of r; NULL without memory. */
static struct vm_region *vm_region_clone(struct vm_space *parent, struct vm_region *r)
{
    ASSERT_HELD(&parent->lock);
    struct vm_region *c = vm_region_alloc();
    if (!c)
        return NULL;
    c->start = r->start;
    c->end = r->end;
    c->prot = r->prot;
    c->flags = r->flags;
    memcpy(c->name, r->name, sizeof(c->name));
    if (r->flags & VM_MAP_SHARED) {
        vm_anon_get(r->anon);
        c->anon = r->anon;
        c->anon_first = r->anon_first;
    } else {
        c->anon = vm_anon_clone_cow(r->anon, r->anon_first, vm_region_pages(r));
        c->anon_first = 0;
        if (!c->anon) {
            vm_region_free(c);
            return NULL;
        }
    }
    return c;
}

int vm_space_clone_for_fork(struct vm_space *parent, struct vm_space **out)
{
    struct vm_space *child;
    int rc = vm_space_create(&child);
    if (rc < 0)
        return rc;
    irqflags_t fl = spin_lock_irqsave(&parent->lock);
    list_for_each(n, &parent->regions) {
        struct vm_region *c = vm_region_clone(parent, vm_region_of(n));
        if (!c) {
            rc = -ENOMEM;
            goto fail_unlock;
        }
        /* The child is not visible to anyone yet: no lock needed for it. */
        list_push_back(&child->regions, &c->node);
    }
    /* Only now that nothing can fail: the parent's private frames are
     * shared with the child, so its writable entries turn read-only. The
     * child maps its pages on first touch. */
    list_for_each(n, &parent->regions) {
        struct vm_region *r = vm_region_of(n);
        if (!(r->flags & VM_MAP_SHARED) && (r->prot & VM_PROT_WRITE))
            vm_region_refresh_ptes(parent, r);
    }
    spin_unlock_irqrestore(&parent->lock, fl);
    *out = child;
    return 0;

fail_unlock:
    spin_unlock_irqrestore(&parent->lock, fl);
    vm_space_destroy(child);
    return rc;
}

void vm_space_activate(struct vm_space *space)
{
    /* A fault between the two steps would look in the wrong space. */
    irqflags_t fl = irq_save();
    paging_activate(space ? space->pd : &kernel_page_dir);
    this_cpu()->vm = space;
    irq_restore(fl);
}

/* space->lock held. */
static void vm_region_describe(struct vm_space *space, struct vm_region *r, struct vm_region_info *out)
{
    ASSERT_HELD(&space->lock);
    out->start = r->start;
    out->end = r->end;
    out->prot = r->prot;
    out->flags = r->flags;
    out->resident_pages = vm_anon_resident(r->anon, r->anon_first, vm_region_pages(r));
    memcpy(out->name, r->name, sizeof(out->name));
}

int vm_space_query(struct vm_space *space, vaddr_t addr, struct vm_region_info *out)
{
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    struct vm_region *r = vm_region_find(space, addr);
    if (r)
        vm_region_describe(space, r, out);
    spin_unlock_irqrestore(&space->lock, fl);
    return r ? 0 : -ENOENT;
}

size_t vm_space_regions(struct vm_space *space, struct vm_region_info *out, size_t max)
{
    size_t count = 0;
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    list_for_each(n, &space->regions) {
        if (count < max)
            vm_region_describe(space, vm_region_of(n), &out[count]);
        count++;
    }
    spin_unlock_irqrestore(&space->lock, fl);
    return count;
}

void vm_space_usage(struct vm_space *space, struct vm_usage *out)
{
    memset(out, 0, sizeof(*out));
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    list_for_each(n, &space->regions) {
        struct vm_region *r = vm_region_of(n);
        size_t resident = vm_anon_resident(r->anon, r->anon_first, vm_region_pages(r));
        out->virtual_bytes += r->end - r->start;
        out->resident_pages += resident;
        if (r->flags & VM_MAP_SHARED)
            out->shared_pages += resident;
        out->regions++;
    }
    spin_unlock_irqrestore(&space->lock, fl);
}

void vm_space_dump(struct vm_space *space)
{
    /* Printed under the lock: a crash report wants one consistent picture. */
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    printk("  regions of address space %p:\n", (void *)space);
    list_for_each(n, &space->regions) {
        struct vm_region *r = vm_region_of(n);
        printk("    %08x-%08x %c%c%c%c %5zu/%-5zu pages %s\n", r->start, r->end,
               (r->prot & VM_PROT_READ) ? 'r' : '-', (r->prot & VM_PROT_WRITE) ? 'w' : '-',
               (r->prot & VM_PROT_EXEC) ? 'x' : '-', (r->flags & VM_MAP_SHARED) ? 's' : 'p',
               vm_anon_resident(r->anon, r->anon_first, vm_region_pages(r)), vm_region_pages(r),
               r->name[0] ? r->name : "[anonymous]");
    }
    spin_unlock_irqrestore(&space->lock, fl);
}
