/* The user copy helpers: range checks, recovery from faults through the
 * exception table, strings, and the SMAP window. */
#include "arch/x86/cpu.h"
#include "arch/x86/page_fault.h"
#include "arch/x86/percpu.h"
#include "kernel/errno.h"
#include "kernel/uaccess.h"
#include "tests/kernel/vm_test.h"
#include <string.h>

KTEST(usercopy, range_ok)
{
    KT_CHECK(t, user_range_ok(user_ptr(USER_SPACE_START), 1));
    KT_CHECK(t, user_range_ok(user_ptr(USER_SPACE_END - 4), 4));
    KT_CHECK(t, user_range_ok(user_ptr(USER_SPACE_END), 0));
    KT_CHECK(t, !user_range_ok(user_ptr(USER_SPACE_END - 4), 5));   /* straddles the kernel */
    KT_CHECK(t, !user_range_ok(user_ptr(USER_SPACE_END), 1));
    KT_CHECK(t, !user_range_ok(user_ptr(0), 1));                    /* null page */
    KT_CHECK(t, !user_range_ok(user_ptr(USER_SPACE_START - 1), 1));
    KT_CHECK(t, !user_range_ok(user_ptr(0xFFFFFFF0u), 0x20));       /* wraps */
    KT_CHECK(t, !user_range_ok(user_ptr(VMT_BASE), SIZE_MAX));       /* wraps */
    KT_CHECK(t, !user_range_ok(user_ptr(USER_SPACE_START), USER_SPACE_END));
    KT_CHECK(t, user_range_ok(user_ptr(USER_SPACE_START), USER_SPACE_END - USER_SPACE_START));
    KT_CHECK_EQ(t, user_ptr_addr(user_ptr_add(user_ptr(0x1000), 0x234)), 0x1234);
}

/* Copies with no user address space at all: every user address faults,
 * and must come back as -EFAULT through the fixup, not as a panic. */
KTEST(usercopy, bad_pointers_without_space)
{
    struct vm_space *prev = this_cpu()->vm;
    vmt_activate(NULL);
    char buf[16] = "untouched";
    struct page_fault_stats st0, st1;
    page_fault_get_stats(&st0);
    KT_CHECK_EQ(t, copy_from_user(buf, user_ptr(VMT_BASE), 8), -EFAULT);
    KT_CHECK_EQ(t, copy_to_user(user_ptr(VMT_BASE), buf, 8), -EFAULT);
    KT_CHECK_EQ(t, clear_user(user_ptr(VMT_BASE), 8), -EFAULT);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_BASE), sizeof(buf)), -EFAULT);
    page_fault_get_stats(&st1);
    KT_CHECK_EQ(t, st1.fixups - st0.fixups, 4);             /* each one went through the table */

    /* These never reach memory: the range check refuses them. */
    page_fault_get_stats(&st0);
    KT_CHECK_EQ(t, copy_from_user(buf, user_ptr((uintptr_t)buf), 8), -EFAULT);    /* kernel address */
    KT_CHECK_EQ(t, copy_to_user(user_ptr((uintptr_t)buf), "x", 1), -EFAULT);
    KT_CHECK_EQ(t, copy_from_user(buf, user_ptr(0), 4), -EFAULT);
    KT_CHECK_EQ(t, copy_from_user(buf, user_ptr(0xFFFFFFF0u), 0x20), -EFAULT);
    KT_CHECK_EQ(t, copy_from_user(buf, user_ptr(USER_SPACE_END - 4), 8), -EFAULT);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(USER_SPACE_END), sizeof(buf)), -EFAULT);
    KT_CHECK_EQ(t, copy_from_user(buf, user_ptr(0), 0), 0); /* nothing to copy is no error */
    page_fault_get_stats(&st1);
    KT_CHECK_EQ(t, st1.kernel, st0.kernel);
    KT_CHECK(t, strcmp(buf, "untouched") == 0);
    vmt_activate(prev);
}

KTEST(usercopy, mapped_memory)
{
    struct vm_space *prev = this_cpu()->vm;
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 2, VMT_RW, "buf") == 0);
    const vaddr_t end = VMT_PAGE(2);
    char in[64], out[64];
    for (unsigned i = 0; i < sizeof(in); i++)
        in[i] = (char)(i * 7 + 1);

    vmt_activate(s);
    /* Across the page boundary inside the mapping: fine. */
    KT_CHECK_EQ(t, copy_to_user(user_ptr(VMT_PAGE(1) - 32), in, sizeof(in)), 0);
    memset(out, 0, sizeof(out));
    KT_CHECK_EQ(t, copy_from_user(out, user_ptr(VMT_PAGE(1) - 32), sizeof(out)), 0);
    KT_CHECK(t, memcmp(in, out, sizeof(in)) == 0);
    /* Up to the last byte: fine; one more: -EFAULT. */
    KT_CHECK_EQ(t, copy_from_user(out, user_ptr(end - 8), 8), 0);
    KT_CHECK_EQ(t, copy_from_user(out, user_ptr(end - 4), 8), -EFAULT);
    KT_CHECK_EQ(t, copy_to_user(user_ptr(end - 4), in, 8), -EFAULT);
    KT_CHECK_EQ(t, clear_user(user_ptr(end - 4), 8), -EFAULT);
    KT_CHECK_EQ(t, copy_from_user(out, user_ptr(VMT_BASE - 4), 8), -EFAULT);
    KT_CHECK_EQ(t, copy_from_user(out, user_ptr(VMT_BASE), SIZE_MAX), -EFAULT);
    /* clear_user really clears. */
    KT_CHECK_EQ(t, clear_user(user_ptr(VMT_PAGE(1) - 16), 8), 0);
    KT_CHECK_EQ(t, copy_from_user(out, user_ptr(VMT_PAGE(1) - 32), sizeof(out)), 0);
    KT_CHECK(t, memcmp(out, in, 16) == 0 && out[16] == 0 && out[23] == 0 && out[24] == in[24]);

    /* Read-only memory: reads work, writes fail cleanly and change nothing. */
    KT_CHECK_EQ(t, vm_protect(s, VMT_BASE, 2 * PAGE_SIZE, VM_PROT_READ), 0);
    KT_CHECK_EQ(t, copy_to_user(user_ptr(VMT_PAGE(1) - 32), "zzzz", 4), -EFAULT);
    KT_CHECK_EQ(t, clear_user(user_ptr(VMT_BASE), 4), -EFAULT);
    memset(out, 0, sizeof(out));
    KT_CHECK_EQ(t, copy_from_user(out, user_ptr(VMT_PAGE(1) - 32), 4), 0);
    KT_CHECK(t, memcmp(out, in, 4) == 0);
    vmt_activate(prev);
    vm_space_destroy(s);
}

KTEST(usercopy, strings)
{
    struct vm_space *prev = this_cpu()->vm;
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 1, VMT_RW, "str") == 0);
    KT_ASSERT(t, vm_space_write(s, VMT_BASE, "hello", 6) == 0);
    /* No terminator before the end of the mapping. */
    KT_ASSERT(t, vm_space_write(s, VMT_PAGE(1) - 3, "abc", 3) == 0);
    char buf[16];

    vmt_activate(s);
    memset(buf, 'x', sizeof(buf));
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_BASE), sizeof(buf)), 5);
    KT_CHECK(t, strcmp(buf, "hello") == 0);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_BASE), 6), 5);      /* exactly fits */
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_BASE), 5), -ENAMETOOLONG);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_BASE), 0), -ENAMETOOLONG);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_BASE + 5), sizeof(buf)), 0);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_PAGE(1) - 3), sizeof(buf)), -EFAULT);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(VMT_PAGE(1) - 3), 3), -ENAMETOOLONG);
    KT_CHECK_EQ(t, strncpy_from_user(buf, user_ptr(0), sizeof(buf)), -EFAULT);
    vmt_activate(prev);
    vm_space_destroy(s);
}

/* With SMAP the kernel may touch user pages only inside the helpers: CR4
 * has the bit, and EFLAGS.AC is clear again after each copy, good or bad. */
KTEST(usercopy, smap_window)
{
    if (cpu_features.smap)
        KT_CHECK(t, read_cr4() & CR4_SMAP);
    struct vm_space *prev = this_cpu()->vm;
    struct vm_space *s;
    KT_ASSERT(t, vm_space_create(&s) == 0);
    KT_ASSERT(t, vmt_map_fixed(s, VMT_BASE, 1, VMT_RW, "smap") == 0);
    uint32_t v = 5;
    vmt_activate(s);
    KT_CHECK_EQ(t, copy_to_user(user_ptr(VMT_BASE), &v, 4), 0);
    KT_CHECK(t, !(read_eflags() & EFLAGS_AC));
    KT_CHECK_EQ(t, copy_to_user(user_ptr(VMT_PAGE(1) - 2), &v, 4), -EFAULT);
    KT_CHECK(t, !(read_eflags() & EFLAGS_AC));
    char c;
    KT_CHECK_EQ(t, strncpy_from_user(&c, user_ptr(VMT_PAGE(1)), 1), -EFAULT);
    KT_CHECK(t, !(read_eflags() & EFLAGS_AC));
    vmt_activate(prev);
    vm_space_destroy(s);
}
