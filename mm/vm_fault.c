/* Resolving page faults in user address spaces: demand zero and
 * copy-on-write. Also the loader's way to write into a space. */
#include "arch/x86/paging.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/vm_anon.h"
#include "mm/vm_region.h"
#include "mm/vm_space.h"
#include <string.h>

/* Whether r allows the access the fault describes. x86 cannot map a page
 * writable or executable without also making it readable, so any
 * protection but none allows a read. */
static bool vm_region_allows(const struct vm_region *r, unsigned fault)
{
    if (!(r->prot & (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)))
        return false;
    if ((fault & VM_FAULT_WRITE) && !(r->prot & VM_PROT_WRITE))
        return false;
    if ((fault & VM_FAULT_EXEC) && !(r->prot & VM_PROT_EXEC))
        return false;
    return true;
}

/* space->lock held. The frame behind page va of r, made on demand; for a
 * write to a private page, one that no other space shares. 0 when out of
 * memory. */
static paddr_t vm_region_frame_for(struct vm_space *space, struct vm_region *r, vaddr_t va, bool write)
{
    ASSERT_HELD(&space->lock);
    size_t idx = vm_region_anon_index(r, va);
    if (write && !(r->flags & VM_MAP_SHARED))
        return vm_anon_frame_private(r->anon, idx);
    return vm_anon_frame_or_alloc(r->anon, idx);
}

int vm_handle_fault(struct vm_space *space, vaddr_t addr, unsigned fault)
{
    vaddr_t va = PAGE_ALIGN_DOWN(addr);
    int rc = 0;
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    struct vm_region *r = vm_region_find(space, addr);
    if (!r) {
        rc = -EFAULT;
        goto out;
    }
    if (!vm_region_allows(r, fault)) {
        rc = -EACCES;
        goto out;
    }
    paddr_t frame = vm_region_frame_for(space, r, va, fault & VM_FAULT_WRITE);
    if (!frame) {
        rc = -ENOMEM;
        goto out;
    }
    unsigned flags = vm_region_pte_flags(r, frame);
    ASSERT(flags);
    /* This replaces a read-only entry of the old frame after a copy. It can
     * only fail when a page table is missing, and then there was no entry
     * to go stale. */
    rc = paging_map(space->pd, va, frame, flags);
out:
    spin_unlock_irqrestore(&space->lock, fl);
    return rc;
}

int vm_space_write(struct vm_space *space, vaddr_t addr, const void *src, size_t n)
{
    if (n > USER_SPACE_END || addr > USER_SPACE_END - n)
        return -EFAULT;
    const char *from = src;
    int rc = 0;
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    while (n > 0) {
        struct vm_region *r = vm_region_find(space, addr);
        if (!r) {
            rc = -EFAULT;
            break;
        }
        vaddr_t va = PAGE_ALIGN_DOWN(addr);
        size_t offset = addr - va;
        size_t chunk = PAGE_SIZE - offset < n ? PAGE_SIZE - offset : n;
        paddr_t frame = vm_region_frame_for(space, r, va, true);
        if (!frame) {
            rc = -ENOMEM;
            break;
        }
        paddr_t mapped;
        if (paging_query(space->pd, va, &mapped, NULL) && mapped != frame)
            paging_unmap(space->pd, va);    /* copy-on-write moved the page; refault later */
        memcpy((char *)phys_to_virt(frame) + offset, from, chunk);
        from += chunk;
        addr += chunk;
        n -= chunk;
    }
    spin_unlock_irqrestore(&space->lock, fl);
    return rc;
}
