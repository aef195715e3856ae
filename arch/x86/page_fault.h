/* The page-fault handler (vector 14). */
#ifndef ARCH_X86_PAGE_FAULT_H
#define ARCH_X86_PAGE_FAULT_H
#include <stdint.h>

/* Error-code bits the CPU pushes for a page fault. */
#define PF_ERR_PRESENT  (1u << 0)   /* protection violation (else not present) */
#define PF_ERR_WRITE    (1u << 1)
#define PF_ERR_USER     (1u << 2)
#define PF_ERR_RSVD     (1u << 3)   /* a reserved bit was set in a paging entry */
#define PF_ERR_FETCH    (1u << 4)

/* Claims vector 14. Call once, right after idt_init. */
void page_fault_init(void);

/* Why a kernel-mode fault at addr with this error code happened, in words
 * for the panic message ("kernel stack overflow", "null pointer ..."). */
const char *page_fault_kernel_cause(uintptr_t addr, uint32_t error);

struct page_fault_stats {
    unsigned long user;         /* faults taken in user mode */
    unsigned long kernel;       /* in kernel mode (user copies included) */
    unsigned long resolved;     /* made good by vm_handle_fault */
    unsigned long fixups;       /* user copies that ended in -EFAULT */
};
void page_fault_get_stats(struct page_fault_stats *out);
#endif
