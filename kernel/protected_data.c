/* The protected data page lives in the direct map, which uses 4 KiB pages,
 * so making it read-only is a matter of one PTE: no second alias of the
 * frame stays writable. */
#include "kernel/protected_data.h"
#include "arch/x86/paging.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/pmm.h"

_Static_assert(sizeof(struct process_protected) <= PAGE_SIZE, "protected data must fit in one page");

int process_protected_alloc(struct process *p)
{
    paddr_t frame = pmm_alloc_frame();
    if (frame == PMM_NO_FRAME)
        return -ENOMEM;
    p->prot = phys_to_virt(frame);
    p->protected_unlock_depth = 0;
    spinlock_init(&p->protected_lock, "protected_data");
    int rc = paging_protect(NULL, (vaddr_t)p->prot, 0);
    ASSERT(rc == 0);
    return 0;
}

void process_protected_free(struct process *p)
{
    ASSERT(p->protected_unlock_depth == 0);
    vaddr_t va = (vaddr_t)p->prot;
    int rc = paging_protect(NULL, va, PAGE_WRITE);
    ASSERT(rc == 0);
    pmm_free_frame(virt_to_phys(p->prot));
    p->prot = NULL;
}

void process_protected_unlock(struct process *p)
{
    irqflags_t fl = spin_lock_irqsave(&p->protected_lock);
    if (p->protected_unlock_depth++ == 0) {
        int rc = paging_protect(NULL, (vaddr_t)p->prot, PAGE_WRITE);
        ASSERT(rc == 0);
    }
    spin_unlock_irqrestore(&p->protected_lock, fl);
}

void process_protected_lock(struct process *p)
{
    irqflags_t fl = spin_lock_irqsave(&p->protected_lock);
    ASSERT(p->protected_unlock_depth > 0);
    if (--p->protected_unlock_depth == 0) {
        int rc = paging_protect(NULL, (vaddr_t)p->prot, 0);
        ASSERT(rc == 0);
    }
    spin_unlock_irqrestore(&p->protected_lock, fl);
}

struct process_protected *process_protected_mut(struct process *p)
{
    ASSERT(p->protected_unlock_depth > 0);
    return (struct process_protected *)p->prot;
}

bool process_protected_is_writable(const struct process *p)
{
    unsigned flags = 0;
    bool mapped = paging_query(NULL, (vaddr_t)p->prot, NULL, &flags);
    return mapped && (flags & PAGE_WRITE);
}
