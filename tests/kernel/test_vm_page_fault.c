/* How the page-fault handler names a kernel-mode fault before it panics.
 * The panics themselves cannot run here; the diagnosis can. */
#include "arch/x86/page_fault.h"
#include "kernel/selftest.h"
#include "mm/layout.h"
#include "mm/vmap.h"
#include <string.h>

static bool vmt_cause_has(uintptr_t addr, uint32_t error, const char *words)
{
    return strstr(page_fault_kernel_cause(addr, error), words) != NULL;
}

KTEST(page_fault, kernel_causes)
{
    /* A kernel stack as the thread code makes them: a guard page below. */
    char *stack = vmap_alloc(2, 1);
    KT_ASSERT(t, stack != NULL);
    KT_CHECK(t, vmt_cause_has((uintptr_t)stack - 4, PF_ERR_WRITE, "kernel stack overflow"));
    KT_CHECK(t, !vmt_cause_has((uintptr_t)stack + 4, PF_ERR_PRESENT | PF_ERR_WRITE, "stack overflow"));
    vmap_free(stack, 2, 1);

    KT_CHECK(t, vmt_cause_has(0x10, 0, "null pointer"));
    KT_CHECK(t, vmt_cause_has(0x08048000, PF_ERR_PRESENT, "outside the copy helpers"));
    KT_CHECK(t, vmt_cause_has(0x08048000, 0, "unmapped user memory"));
    KT_CHECK(t, vmt_cause_has(0x08048000, PF_ERR_PRESENT | PF_ERR_FETCH, "SMEP"));
    KT_CHECK(t, vmt_cause_has((uintptr_t)_kernel_text_start, PF_ERR_PRESENT | PF_ERR_WRITE, "read-only"));
    KT_CHECK(t, vmt_cause_has((uintptr_t)_kernel_data_start, PF_ERR_PRESENT | PF_ERR_FETCH, "non-executable"));
    KT_CHECK(t, vmt_cause_has(KERNEL_HEAP_END - 8, 0, "unmapped"));
    KT_CHECK(t, vmt_cause_has(KERNEL_HEAP_END - 8, PF_ERR_RSVD, "reserved bit"));
}
