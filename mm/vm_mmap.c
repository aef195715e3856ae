/* mmap, munmap, mprotect and user stacks on an address space. Everything
 * that can fail for want of memory is allocated before the lock is taken
 * and anything changes, so a failed call leaves the space as it was. */
#include "arch/x86/paging.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/vm_anon.h"
#include "mm/vm_region.h"
#include "mm/vm_space.h"

#define VM_PROT_ALL     (VM_PROT_READ | VM_PROT_WRITE | VM_PROT_EXEC)
#define VM_MAP_KNOWN    (VM_MAP_SHARED | VM_MAP_PRIVATE | VM_MAP_FIXED | VM_MAP_ANONYMOUS | VM_MAP_STACK | VM_MAP_NOEXEC)

/* W^X for every mapping; never-executable regions refuse EXEC. */
static int vm_check_prot(unsigned prot, unsigned flags)
{
    if (prot & ~VM_PROT_ALL)
        return -EINVAL;
    if ((prot & VM_PROT_WRITE) && (prot & VM_PROT_EXEC))
        return -EINVAL;
    if ((prot & VM_PROT_EXEC) && (flags & (VM_MAP_NOEXEC | VM_MAP_STACK)))
        return -EACCES;
    return 0;
}

/* Whether [addr, addr+len) is a non-empty range inside user space; len
 * need not be page aligned, addr must be. */
static bool vm_range_valid(vaddr_t addr, size_t len)
{
    return len > 0 && !(addr & (PAGE_SIZE - 1)) && addr >= USER_SPACE_START && addr < USER_SPACE_END &&
           len <= USER_SPACE_END - addr;
}

/* A region, not yet placed, over `obj` (a new reference) or over a new
 * object of its own when obj is NULL; NULL without memory. */
static struct vm_region *vm_region_new(size_t len, unsigned prot, unsigned flags, const char *name,
                                       struct vm_anon *obj)
{
    struct vm_region *r = vm_region_alloc();
    if (!r)
        return NULL;
    if (obj)
        vm_anon_get(obj);
    r->anon = obj ? obj : vm_anon_create(len / PAGE_SIZE, flags & VM_MAP_SHARED);
    if (!r->anon) {
        vm_region_free(r);
        return NULL;
    }
    r->end = len;   /* vm_region_place sets the real bounds */
    r->prot = prot;
    r->flags = flags & ~VM_MAP_FIXED;
    vm_region_set_name(r, name);
    return r;
}

/* space->lock held. */
static void vm_region_place(struct vm_space *space, struct vm_region *r, vaddr_t at)
{
    size_t len = r->end;
    r->start = at;
    r->end = at + len;
    vm_region_insert(space, r);
}

static int vm_map_with(struct vm_space *space, vaddr_t addr, size_t len, unsigned prot, unsigned flags,
                       const char *name, struct vm_anon *obj, vaddr_t *out)
{
    if (len == 0 || (flags & ~VM_MAP_KNOWN))
        return -EINVAL;
    unsigned kind = flags & (VM_MAP_SHARED | VM_MAP_PRIVATE);
    if ((kind != VM_MAP_SHARED && kind != VM_MAP_PRIVATE) || !(flags & VM_MAP_ANONYMOUS))
        return -EINVAL;
    if (flags & VM_MAP_STACK)
        flags |= VM_MAP_NOEXEC;
    int rc = vm_check_prot(prot, flags);
    if (rc < 0)
        return rc;
    if (len > USER_SPACE_END - USER_SPACE_START)
        return -ENOMEM;
    len = PAGE_ALIGN_UP(len);
    if ((flags & VM_MAP_FIXED) && !vm_range_valid(addr, len))
        return -EINVAL;

    struct vm_region *spare = vm_region_alloc();
    struct vm_region *r = vm_region_new(len, prot, flags, name, obj);
    if (!spare || !r) {
        rc = -ENOMEM;
        goto out_free;
    }
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    vaddr_t at = PAGE_ALIGN_DOWN(addr);
    if (flags & VM_MAP_FIXED)
        vm_remove_range(space, at, at + len, &spare);
    else if (!vm_range_valid(at, len) || !vm_range_is_free(space, at, at + len))
        rc = vm_find_gap(space, len, &at);
    if (rc == 0) {
        vm_region_place(space, r, at);
        r = NULL;
        *out = at;
    }
    spin_unlock_irqrestore(&space->lock, fl);

out_free:
    if (r)
        vm_region_free(r);
    if (spare)
        vm_region_free(spare);
    return rc;
}

int vm_map(struct vm_space *space, vaddr_t addr, size_t len, unsigned prot, unsigned flags,
           const char *name, vaddr_t *out)
{
    return vm_map_with(space, addr, len, prot, flags, name, NULL, out);
}

int vm_map_object(struct vm_space *space, vaddr_t addr, unsigned prot, const char *name, struct vm_anon *obj)
{
    vaddr_t out;
    if (!obj->shared)
        return -EINVAL;
    return vm_map_with(space, addr, obj->npages * PAGE_SIZE, prot,
                       VM_MAP_FIXED | VM_MAP_SHARED | VM_MAP_ANONYMOUS, name, obj, &out);
}

int vm_unmap(struct vm_space *space, vaddr_t addr, size_t len)
{
    if (!vm_range_valid(addr, len))
        return -EINVAL;
    len = PAGE_ALIGN_UP(len);
    struct vm_region *spare = vm_region_alloc();
    if (!spare)
        return -ENOMEM;
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    vm_remove_range(space, addr, addr + len, &spare);
    spin_unlock_irqrestore(&space->lock, fl);
    if (spare)
        vm_region_free(spare);
    return 0;
}

/* space->lock held. 0 when [start,end) is covered by regions without a
 * hole, -ENOMEM if not; *noexec tells whether one of them refuses EXEC. */
static int vm_range_covered(struct vm_space *space, vaddr_t start, vaddr_t end, bool *noexec)
{
    ASSERT_HELD(&space->lock);
    vaddr_t cursor = start;
    *noexec = false;
    list_for_each(n, &space->regions) {
        struct vm_region *r = vm_region_of(n);
        if (r->end <= cursor)
            continue;
        if (r->start > cursor || cursor >= end)
            break;
        if (r->flags & (VM_MAP_NOEXEC | VM_MAP_STACK))
            *noexec = true;
        cursor = r->end;
    }
    return cursor >= end ? 0 : -ENOMEM;
}

int vm_protect(struct vm_space *space, vaddr_t addr, size_t len, unsigned prot)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    int rc = vm_check_prot(prot, 0);
    if (rc < 0 || len == 0)
        return rc;
    if (!vm_range_valid(addr, len))
        return -ENOMEM;
    vaddr_t end = addr + PAGE_ALIGN_UP(len);
    struct vm_region *spare_low = vm_region_alloc(), *spare_high = vm_region_alloc();
    if (!spare_low || !spare_high) {
        rc = -ENOMEM;
        goto out_free;
    }
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    bool noexec;
    rc = vm_range_covered(space, addr, end, &noexec);
    if (rc == 0 && noexec && (prot & VM_PROT_EXEC))
        rc = -EACCES;
    if (rc < 0)
        goto out_unlock;
    struct vm_region *r = vm_region_find(space, addr);
    if (r->start < addr) {
        vm_region_split(space, r, addr, spare_low);
        spare_low = NULL;
    }
    r = vm_region_find(space, end - 1);
    if (r->end > end) {
        vm_region_split(space, r, end, spare_high);
        spare_high = NULL;
    }
    list_for_each(n, &space->regions) {
        r = vm_region_of(n);
        if (r->start >= end)
            break;
        if (r->start >= addr) {
            r->prot = prot;
            vm_region_refresh_ptes(space, r);
        }
    }
out_unlock:
    spin_unlock_irqrestore(&space->lock, fl);
out_free:
    if (spare_low)
        vm_region_free(spare_low);
    if (spare_high)
        vm_region_free(spare_high);
    return rc;
}

int vm_map_stack(struct vm_space *space, size_t size, vaddr_t *top)
{
    if (size == 0)
        return -EINVAL;
    if (size > USER_SPACE_END - USER_SPACE_START - PAGE_SIZE)
        return -ENOMEM;
    size = PAGE_ALIGN_UP(size);
    int rc = 0;
    const unsigned flags = VM_MAP_PRIVATE | VM_MAP_ANONYMOUS;
    struct vm_region *guard = vm_region_new(PAGE_SIZE, VM_PROT_NONE, flags | VM_MAP_NOEXEC, "[stack guard]", NULL);
    struct vm_region *stack = vm_region_new(size, VM_PROT_READ | VM_PROT_WRITE,
                                            flags | VM_MAP_STACK | VM_MAP_NOEXEC, "[stack]", NULL);
    if (!guard || !stack) {
        rc = -ENOMEM;
        goto out_free;
    }
    irqflags_t fl = spin_lock_irqsave(&space->lock);
    vaddr_t at;
    rc = vm_find_gap(space, PAGE_SIZE + size, &at);
    if (rc == 0) {
        /* The guard is a region of its own so nothing else is ever placed
         * there, and a run off the bottom of the stack faults. */
        vm_region_place(space, guard, at);
        vm_region_place(space, stack, at + PAGE_SIZE);
        guard = stack = NULL;
        *top = at + PAGE_SIZE + size;
    }
    spin_unlock_irqrestore(&space->lock, fl);
out_free:
    if (guard)
        vm_region_free(guard);
    if (stack)
        vm_region_free(stack);
    return rc;
}
