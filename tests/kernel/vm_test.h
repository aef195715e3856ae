/* Helpers shared by the address-space and user-copy self-tests. */
#ifndef TESTS_KERNEL_VM_TEST_H
#define TESTS_KERNEL_VM_TEST_H
#include "arch/x86/percpu.h"
#include "kernel/sched.h"
#include "kernel/selftest.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include "mm/vm_space.h"

/* A fixed spot for MAP_FIXED tests, far from where top-down placement goes. */
#define VMT_BASE 0x20000000u
#define VMT_PAGE(n) (VMT_BASE + (n) * PAGE_SIZE)

#define VMT_RW (VM_PROT_READ | VM_PROT_WRITE)
#define VMT_ANON_PRIVATE (VM_MAP_PRIVATE | VM_MAP_ANONYMOUS)
#define VMT_ANON_SHARED (VM_MAP_SHARED | VM_MAP_ANONYMOUS)

/* Make s (or, with NULL, no user space) this CPU's address space. Tests
 * run in a kernel thread, and switching to a kernel thread loads the
 * kernel's page tables, so preemption is off while a user space is lent. */
static inline void vmt_activate(struct vm_space *s)
{
    struct vm_space *cur = this_cpu()->vm;
    if (!cur && s)
        preempt_disable();
    vm_space_activate(s);
    if (cur && !s)
        preempt_enable();
}

/* Free frames with the heap's cached empty pages handed back, so that a
 * test can see whether everything it allocated came back. */
static inline size_t vmt_free_frames(void)
{
    heap_trim();
    return pmm_free_frames();
}

static inline size_t vmt_region_count(struct vm_space *s) { return vm_space_regions(s, NULL, 0); }

/* MAP_FIXED anonymous private read-write pages at addr; the result code. */
static inline int vmt_map_fixed(struct vm_space *s, vaddr_t addr, size_t pages, unsigned prot, const char *name)
{
    vaddr_t got = 0;
    int rc = vm_map(s, addr, pages * PAGE_SIZE, prot, VMT_ANON_PRIVATE | VM_MAP_FIXED, name, &got);
    return rc < 0 ? rc : (got == addr ? 0 : -1);
}
#endif
