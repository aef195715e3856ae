/* Address-space bookkeeping: placement, validation, and how unmap, mprotect
 * and MAP_FIXED cut regions. */
#include "arch/x86/paging.h"
#include "kernel/errno.h"
#include "tests/kernel/vm_test.h"
#include <string.h>

/* Checks that region i of s is [start,end) with prot and name. */
static void vmt_expect_region(struct ktest_ctx *t, struct vm_space *s, size_t i, vaddr_t start, vaddr_t end,
                              unsigned prot, const char *name)
{
    struct vm_region_info info[8];
    size_t n = vm_space_regions(s, info, 8);
    if (i >= n || i >= 8) {
        ktest_fail(t, __FILE__, __LINE__, "region %zu missing (only %zu)", i, n);
        return;
    }
    if (info[i].start != start || info[i].end != end || info[i].prot != prot || strcmp(info[i].name, name) != 0)
        ktest_fail(t, __FILE__, __LINE__, "region %zu is %08x-%08x prot %u '%s', wanted %08x-%08x prot %u '%s'", i,
                   info[i].start, info[i].end, info[i].prot, info[i].name, start, end, prot, name);
}

KTEST(vm, map_placement)
{
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    vaddr_t a = 0, b = 0, c = 0, d = 0;
    KT_CHECK_EQ(t, vm_map(s, 0, 3 * PAGE_SIZE, VMT_RW, VMT_ANON_PRIVATE, "a", &a), 0);
    KT_CHECK_EQ(t, a, USER_SPACE_END - 3 * PAGE_SIZE);      /* top down */
    KT_CHECK_EQ(t, vm_map(s, 0, 100, VM_PROT_READ, VMT_ANON_PRIVATE, "b", &b), 0);
    KT_CHECK_EQ(t, b, a - PAGE_SIZE);                       /* length rounded up to a page */
    KT_CHECK_EQ(t, vm_map(s, VMT_BASE + 5, PAGE_SIZE, VMT_RW, VMT_ANON_PRIVATE, "c", &c), 0);
    KT_CHECK_EQ(t, c, VMT_BASE);                            /* a free hint is honoured */
    KT_CHECK_EQ(t, vm_map(s, VMT_BASE, PAGE_SIZE, VMT_RW, VMT_ANON_PRIVATE, "d", &d), 0);
    KT_CHECK(t, d != VMT_BASE && d >= USER_SPACE_START);    /* a taken one is not */

    struct vm_region_info info;
    KT_CHECK_EQ(t, vm_space_query(s, a + PAGE_SIZE, &info), 0);
    KT_CHECK_EQ(t, info.start, a);
    KT_CHECK_EQ(t, info.end, a + 3 * PAGE_SIZE);
    KT_CHECK_EQ(t, info.prot, VMT_RW);
    KT_CHECK(t, strcmp(info.name, "a") == 0);
    KT_CHECK_EQ(t, vm_space_query(s, VMT_BASE + PAGE_SIZE, &info), -ENOENT);

    struct vm_usage u;
    vm_space_usage(s, &u);
    KT_CHECK_EQ(t, u.regions, 4);
    KT_CHECK_EQ(t, u.virtual_bytes, 6 * PAGE_SIZE);
    KT_CHECK_EQ(t, u.resident_pages, 0);                    /* nothing touched yet */
    vm_space_destroy(s);
}

KTEST(vm, map_rejects)
{
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    vaddr_t out = 0;
    const unsigned fixed = VMT_ANON_PRIVATE | VM_MAP_FIXED;
    KT_CHECK_EQ(t, vm_map(s, 0, 0, VMT_RW, VMT_ANON_PRIVATE, "x", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, VMT_BASE + 1, PAGE_SIZE, VMT_RW, fixed, "x", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VMT_RW, fixed, "null page", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, USER_SPACE_END - PAGE_SIZE, 2 * PAGE_SIZE, VMT_RW, fixed, "x", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, USER_SPACE_END, PAGE_SIZE, VMT_RW, fixed, "kernel", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VMT_RW, VM_MAP_ANONYMOUS, "x", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VMT_RW, VMT_ANON_PRIVATE | VM_MAP_SHARED, "x", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VMT_RW, VM_MAP_PRIVATE, "no file support", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, 0x8, VMT_ANON_PRIVATE, "x", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VM_PROT_WRITE | VM_PROT_EXEC, VMT_ANON_PRIVATE, "w^x", &out), -EINVAL);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VM_PROT_READ | VM_PROT_EXEC, VMT_ANON_PRIVATE | VM_MAP_STACK, "x", &out),
                -EACCES);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VM_PROT_EXEC, VMT_ANON_PRIVATE | VM_MAP_NOEXEC, "[heap]", &out), -EACCES);
    KT_CHECK_EQ(t, vm_map(s, 0, 0xF0000000u, VMT_RW, VMT_ANON_PRIVATE, "huge", &out), -ENOMEM);
    KT_CHECK_EQ(t, vmt_region_count(s), 0);                 /* nothing half made */

    /* Fill all of user space; then there is no room for one more page. */
    KT_CHECK_EQ(t, vm_map(s, USER_SPACE_START, USER_SPACE_END - USER_SPACE_START, VM_PROT_NONE, fixed, "all", &out),
                0);
    KT_CHECK_EQ(t, vm_map(s, 0, PAGE_SIZE, VMT_RW, VMT_ANON_PRIVATE, "x", &out), -ENOMEM);
    KT_CHECK_EQ(t, vm_map_stack(s, PAGE_SIZE, &out), -ENOMEM);
    KT_CHECK_EQ(t, vmt_region_count(s), 1);
    /* Executable, read-only code is fine. */
    KT_CHECK_EQ(t, vmt_map_fixed(s, VMT_BASE, 1, VM_PROT_READ | VM_PROT_EXEC, "text"), 0);
    vm_space_destroy(s);
}

KTEST(vm, unmap_splits)
{
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 8, VMT_RW, "a") == 0);
    /* A hole in the middle: two regions. */
    KT_CHECK_EQ(t, vm_unmap(s, VMT_PAGE(2), 3 * PAGE_SIZE), 0);
    KT_CHECK_EQ(t, vmt_region_count(s), 2);
    vmt_expect_region(t, s, 0, VMT_PAGE(0), VMT_PAGE(2), VMT_RW, "a");
    vmt_expect_region(t, s, 1, VMT_PAGE(5), VMT_PAGE(8), VMT_RW, "a");
    /* The head of one and the tail of another, across the hole; a partial
     * last page counts as a whole one. */
    KT_CHECK_EQ(t, vm_unmap(s, VMT_PAGE(1), 4 * PAGE_SIZE + 1), 0);
    KT_CHECK_EQ(t, vmt_region_count(s), 2);
    vmt_expect_region(t, s, 0, VMT_PAGE(0), VMT_PAGE(1), VMT_RW, "a");
    vmt_expect_region(t, s, 1, VMT_PAGE(6), VMT_PAGE(8), VMT_RW, "a");
    /* A hole is fine; bad arguments are not. */
    KT_CHECK_EQ(t, vm_unmap(s, VMT_PAGE(100), PAGE_SIZE), 0);
    KT_CHECK_EQ(t, vm_unmap(s, VMT_PAGE(6) + 4, PAGE_SIZE), -EINVAL);
    KT_CHECK_EQ(t, vm_unmap(s, VMT_PAGE(6), 0), -EINVAL);
    KT_CHECK_EQ(t, vm_unmap(s, USER_SPACE_END, PAGE_SIZE), -EINVAL);
    KT_CHECK_EQ(t, vm_unmap(s, 0, PAGE_SIZE), -EINVAL);
    /* Everything at once. */
    KT_CHECK_EQ(t, vm_unmap(s, VMT_BASE, 8 * PAGE_SIZE), 0);
    KT_CHECK_EQ(t, vmt_region_count(s), 0);
    vm_space_destroy(s);
}

KTEST(vm, protect_splits)
{
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 6, VMT_RW, "a") == 0);
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(2), 2 * PAGE_SIZE, VM_PROT_READ), 0);
    KT_CHECK_EQ(t, vmt_region_count(s), 3);
    vmt_expect_region(t, s, 0, VMT_PAGE(0), VMT_PAGE(2), VMT_RW, "a");
    vmt_expect_region(t, s, 1, VMT_PAGE(2), VMT_PAGE(4), VM_PROT_READ, "a");
    vmt_expect_region(t, s, 2, VMT_PAGE(4), VMT_PAGE(6), VMT_RW, "a");
    /* Across a boundary: both regions it touches are cut, into five. */
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(1), 2 * PAGE_SIZE, VM_PROT_READ | VM_PROT_EXEC), 0);
    KT_CHECK_EQ(t, vmt_region_count(s), 5);
    vmt_expect_region(t, s, 0, VMT_PAGE(0), VMT_PAGE(1), VMT_RW, "a");
    vmt_expect_region(t, s, 1, VMT_PAGE(1), VMT_PAGE(2), VM_PROT_READ | VM_PROT_EXEC, "a");
    vmt_expect_region(t, s, 2, VMT_PAGE(2), VMT_PAGE(3), VM_PROT_READ | VM_PROT_EXEC, "a");
    vmt_expect_region(t, s, 3, VMT_PAGE(3), VMT_PAGE(4), VM_PROT_READ, "a");
    /* Refusals change nothing. */
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(5), 2 * PAGE_SIZE, VM_PROT_READ), -ENOMEM);   /* runs past the end */
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(0), PAGE_SIZE, VM_PROT_WRITE | VM_PROT_EXEC), -EINVAL);
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(0) + 8, PAGE_SIZE, VM_PROT_READ), -EINVAL);
    KT_CHECK_EQ(t, vm_protect(s, 0, PAGE_SIZE, VM_PROT_READ), -ENOMEM);
    KT_CHECK_EQ(t, vm_protect(s, VMT_PAGE(0), 0, VM_PROT_READ), 0);
    KT_CHECK_EQ(t, vmt_region_count(s), 5);
    vmt_expect_region(t, s, 4, VMT_PAGE(4), VMT_PAGE(6), VMT_RW, "a");

    /* A stack never becomes executable, even partly. */
    vaddr_t top;
    KT_ASSERT(t, vm_map_stack(s, 4 * PAGE_SIZE, &top) == 0);
    KT_CHECK_EQ(t, vm_protect(s, top - PAGE_SIZE, PAGE_SIZE, VM_PROT_READ | VM_PROT_EXEC), -EACCES);
    KT_CHECK_EQ(t, vm_protect(s, top - PAGE_SIZE, PAGE_SIZE, VM_PROT_READ), 0);
    vm_space_destroy(s);
}

KTEST(vm, map_fixed_replaces)
{
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 4, VMT_RW, "a") == 0);
    const char old_data[] = "old contents";
    KT_CHECK_EQ(t, vm_space_write(s, VMT_PAGE(0), old_data, sizeof(old_data)), 0);
    KT_CHECK_EQ(t, vm_space_write(s, VMT_PAGE(1), old_data, sizeof(old_data)), 0);
    paddr_t frame1 = 0;
    KT_CHECK_EQ(t, vm_handle_fault(s, VMT_PAGE(1), VM_FAULT_USER), 0);
    KT_CHECK(t, paging_query(s->pd, VMT_PAGE(1), &frame1, NULL));
    KT_CHECK_EQ(t, pmm_frame_refcount(frame1), 1);
    KT_CHECK_EQ(t, vmt_map_fixed(s, VMT_PAGE(1), 2, VM_PROT_READ, "b"), 0);
    KT_CHECK_EQ(t, pmm_frame_refcount(frame1), 0);          /* page 1's frame went with it */
    KT_CHECK(t, !paging_query(s->pd, VMT_PAGE(1), NULL, NULL));
    KT_CHECK_EQ(t, vmt_region_count(s), 3);
    vmt_expect_region(t, s, 0, VMT_PAGE(0), VMT_PAGE(1), VMT_RW, "a");
    vmt_expect_region(t, s, 1, VMT_PAGE(1), VMT_PAGE(3), VM_PROT_READ, "b");
    vmt_expect_region(t, s, 2, VMT_PAGE(3), VMT_PAGE(4), VMT_RW, "a");
    struct vm_usage u;
    vm_space_usage(s, &u);
    KT_CHECK_EQ(t, u.resident_pages, 1);                    /* page 0 kept its data */
    /* Over several regions and a hole at once. */
    KT_CHECK_EQ(t, vmt_map_fixed(s, VMT_PAGE(0), 6, VMT_RW, "c"), 0);
    KT_CHECK_EQ(t, vmt_region_count(s), 1);
    vmt_expect_region(t, s, 0, VMT_PAGE(0), VMT_PAGE(6), VMT_RW, "c");
    vm_space_usage(s, &u);
    KT_CHECK_EQ(t, u.resident_pages, 0);
    vm_space_destroy(s);
}

KTEST(vm, stack_guard)
{
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    vaddr_t top = 0;
    KT_ASSERT(t, vm_map_stack(s, 16 * 1024, &top) == 0);
    KT_CHECK(t, top <= USER_SPACE_END && !(top & (PAGE_SIZE - 1)));
    struct vm_region_info info;
    KT_CHECK_EQ(t, vm_space_query(s, top - 1, &info), 0);
    KT_CHECK(t, strcmp(info.name, "[stack]") == 0);
    KT_CHECK_EQ(t, info.end, top);
    KT_CHECK_EQ(t, info.start, top - 16 * 1024);
    KT_CHECK_EQ(t, info.prot, VMT_RW);
    KT_CHECK(t, (info.flags & VM_MAP_STACK) && !(info.flags & VM_MAP_SHARED));
    vaddr_t guard = top - 16 * 1024 - 1;
    KT_CHECK_EQ(t, vm_space_query(s, guard, &info), 0);
    KT_CHECK(t, strcmp(info.name, "[stack guard]") == 0);
    KT_CHECK_EQ(t, info.prot, VM_PROT_NONE);
    KT_CHECK_EQ(t, info.end - info.start, PAGE_SIZE);
    /* A push at the top works; running off the bottom does not. */
    KT_CHECK_EQ(t, vm_handle_fault(s, top - 4, VM_FAULT_USER | VM_FAULT_WRITE), 0);
    KT_CHECK_EQ(t, vm_handle_fault(s, guard, VM_FAULT_USER | VM_FAULT_WRITE), -EACCES);
    KT_CHECK_EQ(t, vm_handle_fault(s, guard, VM_FAULT_USER), -EACCES);
    /* Stacks are placed clear of each other, each with its own guard. */
    vaddr_t top2 = 0;
    KT_CHECK_EQ(t, vm_map_stack(s, PAGE_SIZE, &top2), 0);
    KT_CHECK_EQ(t, top2, guard + 1 - PAGE_SIZE);
    KT_CHECK_EQ(t, vm_map_stack(s, 0, &top2), -EINVAL);
    KT_CHECK_EQ(t, vmt_region_count(s), 4);
    vm_space_destroy(s);
}
