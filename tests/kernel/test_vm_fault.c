/* Faults in user address spaces: demand zero, access checks, copy-on-write
 * across fork, shared memory across fork, and that every frame comes back.
 * Tests that activate a space switch back before any early return. */
#include "arch/x86/page_fault.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "kernel/errno.h"
#include "kernel/uaccess.h"
#include "tests/kernel/vm_test.h"
#include <string.h>

/* The frame mapped at va in s, or 0. */
static paddr_t vmt_frame(struct vm_space *s, vaddr_t va)
{
    paddr_t pa;
    return paging_query(s->pd, va, &pa, NULL) ? pa : 0;
}

static unsigned vmt_flags(struct vm_space *s, vaddr_t va)
{
    unsigned flags = 0;
    return paging_query(s->pd, va, NULL, &flags) ? flags : 0;
}

/* Reads a 32-bit word through the user copy path of the active space. */
static uint32_t vmt_peek(vaddr_t va)
{
    uint32_t v = 0xDEADBEEF;
    if (copy_from_user(&v, user_ptr(va), sizeof(v)) < 0)
        return 0xBADBAD;
    return v;
}

static int vmt_poke(vaddr_t va, uint32_t v) { return copy_to_user(user_ptr(va), &v, sizeof(v)); }

KTEST(vm, demand_zero)
{
    struct vm_space *prev = this_cpu()->vm;
    size_t frames_before = vmt_free_frames();
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 4, VMT_RW, "dz") == 0);
    struct page_fault_stats st0, st1;
    struct vm_usage u;

    vmt_activate(s);
    KT_CHECK(t, this_cpu()->vm == s);
    KT_CHECK(t, vmt_frame(s, VMT_PAGE(2)) == 0);
    page_fault_get_stats(&st0);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(2) + 100, 0x12345678), 0);
    page_fault_get_stats(&st1);
    KT_CHECK(t, st1.resolved > st0.resolved);                /* it really faulted in */
    KT_CHECK_EQ(t, st1.fixups, st0.fixups);
    vm_space_usage(s, &u);
    KT_CHECK_EQ(t, u.resident_pages, 1);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(2) + 100), 0x12345678);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(2) + 96), 0);           /* the rest of the page is zero */
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(0)), 0);                /* so is an untouched page */
    vm_space_usage(s, &u);
    KT_CHECK_EQ(t, u.resident_pages, 2);
    KT_CHECK(t, vmt_flags(s, VMT_PAGE(2)) & PAGE_WRITE);
    KT_CHECK(t, vmt_flags(s, VMT_PAGE(2)) & PAGE_USER);
    KT_CHECK(t, !(vmt_flags(s, VMT_PAGE(2)) & PAGE_EXEC) || !cpu_features.nx);
    vmt_activate(prev);

    KT_CHECK(t, this_cpu()->vm == prev);
    vm_space_destroy(s);
    KT_CHECK_EQ(t, vmt_free_frames(), frames_before);
}

KTEST(vm, fault_access_checks)
{
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_PAGE(0), 1, VM_PROT_READ, "ro") == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_PAGE(1), 1, VMT_RW, "rw") == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_PAGE(2), 1, VM_PROT_NONE, "none") == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_PAGE(3), 1, VM_PROT_READ | VM_PROT_EXEC, "rx") == 0);
    const unsigned user = VM_FAULT_USER;
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(10), user), -EFAULT);
    KT_CHECK_EQ(t, vm_handle_fault(s, 0, user), -EFAULT);
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(0), user | VM_FAULT_WRITE), -EACCES);
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(0), user | VM_FAULT_EXEC), -EACCES);
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(1), user | VM_FAULT_EXEC), -EACCES);
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(2), user), -EACCES);
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(3), user | VM_FAULT_WRITE), -EACCES);
    /* The allowed ones map the page with exactly the region's rights. */
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(0) + 5, user), 0);
    KT_CHECK_EQ(t, vmt_flags(s, VMT_PAGE(0)) & (PAGE_USER | PAGE_WRITE), PAGE_USER);
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(1), user | VM_FAULT_WRITE), 0);
    KT_CHECK_EQ(t, vmt_flags(s, VMT_PAGE(1)) & (PAGE_USER | PAGE_WRITE), PAGE_USER | PAGE_WRITE);
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(3), user | VM_FAULT_EXEC), 0);
    KT_CHECK(t, vmt_flags(s, VMT_PAGE(3)) & PAGE_EXEC);
    KT_CHECK(t, !(vmt_flags(s, VMT_PAGE(3)) & PAGE_WRITE));
    KT_CHECK(t, vmt_frame(s, VMT_PAGE(2)) == 0);
    /* Dropping a right takes it out of the page table at once. */
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(1), PAGE_SIZE, VM_PROT_READ), 0);
    KT_CHECK(t, vmt_frame(s, VMT_PAGE(1)) != 0);
    KT_CHECK(t, !(vmt_flags(s, VMT_PAGE(1)) & PAGE_WRITE));
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(1), PAGE_SIZE, VM_PROT_NONE), 0);
    KT_CHECK(t, vmt_frame(s, VMT_PAGE(1)) == 0);
    vm_space_destroy(s);
}

KTEST(vm, protect_none_keeps_data)
{
    struct vm_space *prev = this_cpu()->vm;
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 2, VMT_RW, "p") == 0);
    vmt_activate(s);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(1), 0xCAFE), 0);
    KT_CHECK_EQ(t, vm_protect(s, VMT_BASE, 2 * PAGE_SIZE, VM_PROT_NONE), 0);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(1)), 0xBADBAD);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(1), 1), -EFAULT);
    KT_CHECK_EQ(t, vm_protect(s, VMT_BASE, 2 * PAGE_SIZE, VM_PROT_READ), 0);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(1)), 0xCAFE);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(1), 1), -EFAULT);     /* read-only: the copy fails cleanly */
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(1)), 0xCAFE);
    vmt_activate(prev);
    vm_space_destroy(s);
}

KTEST(vm, cow_fork)
{
    struct vm_space *prev = this_cpu()->vm;
    size_t frames_before = vmt_free_frames();
    struct vm_space *parent, *child;
    KT_ASSERT(t, vm_space_create(&parent) == 0);
    KT_ASSERT(t, vmt_map_fixed(parent, VMT_BASE, 3, VMT_RW, "data") == 0);
    vmt_activate(parent);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(0), 111), 0);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(1), 222), 0);
    vmt_activate(prev);
    paddr_t f0 = vmt_frame(parent, VMT_PAGE(0)), f1 = vmt_frame(parent, VMT_PAGE(1));
    KT_CHECK(t, f0 != 0 && (vmt_flags(parent, VMT_PAGE(0)) & PAGE_WRITE));
    KT_CHECK(t, f1 != 0 && f1 != f0);

    KT_ASSERT(t, vm_space_clone_for_fork(parent, &child) == 0);
    /* Both hold the frame; the parent lost its write right to it. */
    KT_CHECK_EQ(t, pmm_frame_refcount(f0), 2);
    KT_CHECK_EQ(t, vmt_frame(parent, VMT_PAGE(0)), f0);
    KT_CHECK(t, !(vmt_flags(parent, VMT_PAGE(0)) & PAGE_WRITE));
    KT_CHECK_EQ(t, vmt_region_count(child), 1);
    struct vm_usage u;
    vm_space_usage(child, &u);
    KT_CHECK_EQ(t, u.resident_pages, 2);

    vmt_activate(child);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(0)), 111);
    KT_CHECK_EQ(t, vmt_frame(child, VMT_PAGE(0)), f0);      /* reading shares */
    KT_CHECK(t, !(vmt_flags(child, VMT_PAGE(0)) & PAGE_WRITE));
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(0), 333), 0);          /* writing copies */
    paddr_t c0 = vmt_frame(child, VMT_PAGE(0));
    KT_CHECK(t, c0 != 0 && c0 != f0);
    KT_CHECK(t, vmt_flags(child, VMT_PAGE(0)) & PAGE_WRITE);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(0)), 333);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(2), 444), 0);          /* never touched: fresh zero page */
    vmt_activate(prev);
    KT_CHECK_EQ(t, pmm_frame_refcount(f0), 1);
    KT_CHECK_EQ(t, pmm_frame_refcount(c0), 1);

    vmt_activate(parent);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(0)), 111);             /* the child's write stayed there */
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(2)), 0);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(0), 555), 0);          /* sole owner again: no copy */
    KT_CHECK_EQ(t, vmt_frame(parent, VMT_PAGE(0)), f0);
    KT_CHECK_EQ(t, vmt_poke(VMT_PAGE(1), 666), 0);          /* still shared: copied */
    paddr_t p1 = vmt_frame(parent, VMT_PAGE(1));
    KT_CHECK(t, p1 != 0 && p1 != f1);
    KT_CHECK_EQ(t, pmm_frame_refcount(f1), 1);              /* the child's alone now */
    vmt_activate(child);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(0)), 333);             /* the parent's writes stayed there */
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(1)), 222);
    KT_CHECK_EQ(t, vmt_peek(VMT_PAGE(2)), 444);
    vmt_activate(prev);

    vm_space_destroy(child);
    KT_CHECK_EQ(t, pmm_frame_refcount(c0), 0);
    KT_CHECK_EQ(t, pmm_frame_refcount(f0), 1);
    vm_space_destroy(parent);
    KT_CHECK_EQ(t, pmm_frame_refcount(f0), 0);
    KT_CHECK_EQ(t, vmt_free_frames(), frames_before);
}

KTEST(vm, shared_fork)
{
    struct vm_space *prev = this_cpu()->vm;
    size_t frames_before = vmt_free_frames();
    struct vm_space *parent, *child;
    vaddr_t at = 0;
    KT_ASSERT(t, vm_space_create(&parent) == 0);
    KT_ASSERT(t, vm_map(parent, 0, 2 * PAGE_SIZE, VMT_RW, VMT_ANON_SHARED, "shm", &at) == 0);
    KT_ASSERT(t, vm_space_write(parent, at, "x", 1) == 0);
    KT_ASSERT(t, vm_space_clone_for_fork(parent, &child) == 0);

    vmt_activate(child);
    KT_CHECK_EQ(t, vmt_peek(at) & 0xFF, 'x');
    KT_CHECK_EQ(t, vmt_poke(at, 'y'), 0);
    KT_CHECK_EQ(t, vmt_poke(at + PAGE_SIZE, 77), 0);        /* a page first touched in the child */
    paddr_t shared = vmt_frame(child, at);
    vmt_activate(parent);
    KT_CHECK_EQ(t, vmt_peek(at), 'y');
    KT_CHECK_EQ(t, vmt_peek(at + PAGE_SIZE), 77);
    KT_CHECK_EQ(t, vmt_frame(parent, at), shared);
    KT_CHECK(t, vmt_flags(parent, at) & PAGE_WRITE);        /* shared pages never go copy-on-write */
    KT_CHECK_EQ(t, vmt_poke(at, 'z'), 0);
    vmt_activate(child);
    KT_CHECK_EQ(t, vmt_peek(at), 'z');
    vmt_activate(prev);

    struct vm_usage u;
    vm_space_usage(child, &u);
    KT_CHECK_EQ(t, u.shared_pages, 2);
    vm_space_destroy(parent);
    vmt_activate(child);
    KT_CHECK_EQ(t, vmt_peek(at), 'z');                      /* outlives the parent */
    vmt_activate(prev);
    vm_space_destroy(child);
    KT_CHECK_EQ(t, vmt_free_frames(), frames_before);
}

KTEST(vm, space_write)
{
    struct vm_space *prev = this_cpu()->vm;
    struct vm_space *s, *child;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 2, VM_PROT_READ, "text") == 0);
    /* A loader fills read-only pages of a space that is not active. */
    static const char code[] = "\x55\x89\xe5\xc9\xc3 across a page boundary";
    vaddr_t where = VMT_PAGE(1) - 5;
    KT_CHECK_EQ(t, vm_space_write(s, where, code, sizeof(code)), 0);
    KT_CHECK_EQ(t, vm_space_write(s, VMT_PAGE(2) - 2, code, 4), -EFAULT);
    KT_CHECK_EQ(t, vm_space_write(s, 0xFFFFFFF0u, code, 32), -EFAULT);
    KT_ASSERT(t, vm_space_clone_for_fork(s, &child) == 0);
    KT_CHECK_EQ(t, vm_space_write(child, where, "CHILD", 5), 0);  /* breaks copy-on-write */

    char back[sizeof(code)];
    vmt_activate(s);
    KT_CHECK_EQ(t, copy_from_user(back, user_ptr(where), sizeof(back)), 0);
    KT_CHECK(t, memcmp(back, code, sizeof(code)) == 0);
    vmt_activate(child);
    KT_CHECK_EQ(t, copy_from_user(back, user_ptr(where), sizeof(back)), 0);
    KT_CHECK(t, memcmp(back, "CHILD", 5) == 0 && memcmp(back + 5, code + 5, sizeof(code) - 5) == 0);
    vmt_activate(prev);
    vm_space_destroy(child);
    vm_space_destroy(s);
}

KTEST(vm, unmap_frees_frames)
{
    struct vm_space *prev = this_cpu()->vm;
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 16, VMT_RW, "big") == 0);
    vmt_activate(s);
    KT_CHECK_EQ(t, clear_user(user_ptr(VMT_BASE), 16 * PAGE_SIZE), 0);   /* touch every page */
    vmt_activate(prev);
    struct vm_usage u;
    vm_space_usage(s, &u);
    KT_CHECK_EQ(t, u.resident_pages, 16);
    paddr_t frames[16];
    for (unsigned i = 0; i < 16; i++)
        frames[i] = vmt_frame(s, VMT_PAGE(i));
    KT_CHECK_EQ(t, vm_unmap(s, VMT_PAGE(4), 8 * PAGE_SIZE), 0);
    for (unsigned i = 0; i < 16; i++)
        KT_CHECK_EQ(t, pmm_frame_refcount(frames[i]), (i >= 4 && i < 12) ? 0 : 1);
    KT_CHECK(t, vmt_frame(s, VMT_PAGE(4)) == 0 && vmt_frame(s, VMT_PAGE(11)) == 0);
    KT_CHECK(t, vmt_frame(s, VMT_PAGE(3)) != 0 && vmt_frame(s, VMT_PAGE(12)) != 0);
    vm_space_usage(s, &u);
    KT_CHECK_EQ(t, u.resident_pages, 8);
    vm_space_destroy(s);
}
