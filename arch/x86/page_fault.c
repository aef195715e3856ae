/* Page faults: resolve them in the current user address space, recover
 * user copies that hit a bad address, report everything else loudly. */
#include "arch/x86/page_fault.h"
#include "arch/x86/cpu.h"
#include "arch/x86/interrupts.h"
#include "arch/x86/paging.h"
#include "arch/x86/percpu.h"
#include "arch/x86/usercopy.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/user_fault.h"
#include "mm/layout.h"
#include "mm/vm_space.h"

/* Counters only; bumped atomically since faults may come from any CPU. */
static struct page_fault_stats pf_stats;

static inline void pf_count(unsigned long *counter) { __atomic_fetch_add(counter, 1, __ATOMIC_RELAXED); }

void page_fault_get_stats(struct page_fault_stats *out)
{
    out->user = __atomic_load_n(&pf_stats.user, __ATOMIC_RELAXED);
    out->kernel = __atomic_load_n(&pf_stats.kernel, __ATOMIC_RELAXED);
    out->resolved = __atomic_load_n(&pf_stats.resolved, __ATOMIC_RELAXED);
    out->fixups = __atomic_load_n(&pf_stats.fixups, __ATOMIC_RELAXED);
}

uintptr_t usercopy_fixup_for(uintptr_t eip)
{
    /* A handful of entries: a linear scan is enough. */
    for (const struct usercopy_fixup *e = _ex_table_start; e < _ex_table_end; e++)
        if (e->insn == eip)
            return e->fixup;
    return 0;
}

static unsigned pf_vm_fault_bits(uint32_t error)
{
    unsigned fault = 0;
    if (error & PF_ERR_PRESENT)
        fault |= VM_FAULT_PRESENT;
    if (error & PF_ERR_WRITE)
        fault |= VM_FAULT_WRITE;
    if (error & PF_ERR_USER)
        fault |= VM_FAULT_USER;
    if (error & PF_ERR_FETCH)
        fault |= VM_FAULT_EXEC;
    return fault;
}

/* Whether addr looks like a vmap guard page: unmapped, with a mapped page
 * (the bottom of a kernel stack) a little above it. */
static bool pf_is_vmap_guard(uintptr_t addr)
{
    const unsigned max_guard_pages = 4;
    vaddr_t page = PAGE_ALIGN_DOWN(addr);
    if (page < VMAP_START || page >= VMAP_END || paging_query(NULL, page, NULL, NULL))
        return false;
    for (unsigned i = 1; i <= max_guard_pages && page + i * PAGE_SIZE < VMAP_END; i++)
        if (paging_query(NULL, page + i * PAGE_SIZE, NULL, NULL))
            return true;
    return false;
}

const char *page_fault_kernel_cause(uintptr_t addr, uint32_t error)
{
    if (error & PF_ERR_RSVD)
        return "reserved bit set in a page-table entry (corrupt page tables)";
    if (addr < USER_SPACE_START)
        return "null pointer dereference";
    if (addr < USER_SPACE_END) {
        if (error & PF_ERR_FETCH)
            return "kernel tried to execute user memory (SMEP)";
        if (error & PF_ERR_PRESENT)
            return "kernel touched user memory outside the copy helpers (SMAP or a read-only page)";
        return "kernel touched unmapped user memory outside the copy helpers";
    }
    if (pf_is_vmap_guard(addr))
        return "kernel stack overflow (guard page below a kernel stack)";
    if (error & PF_ERR_PRESENT) {
        if (error & PF_ERR_FETCH)
            return "kernel executed non-executable memory";
        if (error & PF_ERR_WRITE)
            return "kernel wrote to read-only memory";
        return "protection violation in kernel memory";
    }
    return "kernel accessed unmapped memory";
}

static __attribute__((noreturn)) void pf_kernel_panic(struct trap_frame *f, uintptr_t addr, const char *cause)
{
    printk("KERNEL PANIC: page fault in kernel mode at %08x: %s\n", addr, cause);
    trap_dump(f);   /* names the function and decodes the error code */
    panic_with_frame(f, cause);
}

__attribute__((weak)) void user_fault_kill(struct trap_frame *f, int signal, uintptr_t addr)
{
    printk("user fault at %08x: signal %d\n", addr, signal);
    trap_dump(f);
    if (this_cpu()->vm)
        vm_space_dump(this_cpu()->vm);
    panic_with_frame(f, "unresolved user page fault, and no process code to end the thread");
}

/* The space a fault must be resolved in. It has to be the one in CR3:
 * otherwise the fix would land in other page tables, and the access would
 * fault again forever. */
static struct vm_space *pf_current_space(struct trap_frame *f)
{
    struct vm_space *vm = this_cpu()->vm;
    if (vm && vm->pd->pdpt_phys != read_cr3()) {
        printk("KERNEL PANIC: this CPU's address space is not the one in CR3\n");
        trap_dump(f);
        panic_with_frame(f, "page tables switched without vm_space_activate");
    }
    return vm;
}

static void page_fault_handler(struct trap_frame *f)
{
    uintptr_t addr = read_cr2();    /* before anything else can fault */
    struct vm_space *vm = pf_current_space(f);
    unsigned fault = pf_vm_fault_bits(f->error);
    bool corrupt = f->error & PF_ERR_RSVD;

    if (trap_from_user(f)) {
        pf_count(&pf_stats.user);
        int rc = (vm && !corrupt) ? vm_handle_fault(vm, addr, fault) : -EFAULT;
        if (rc == 0) {
            pf_count(&pf_stats.resolved);
            return;
        }
        user_fault_kill(f, rc == -ENOMEM ? USER_FAULT_SIGBUS : USER_FAULT_SIGSEGV, addr);
        return;
    }

    pf_count(&pf_stats.kernel);
    /* The write probe is allowed to fault on kernel addresses: that is
     * what it exists to detect. */
    if (f->eip == (uintptr_t)probe_kernel_write32_insn) {
        f->eip = (uintptr_t)probe_kernel_write32_fixup;
        return;
    }
    uintptr_t fixup = usercopy_fixup_for(f->eip);
    /* A copy that forgot to open the SMAP window would fault again after
     * every fix: it is a kernel bug, like any touch of user memory then. */
    bool smap_closed = cpu_features.smap && !(f->eflags & EFLAGS_AC);
    /* Only user addresses may fault in a copy: a bad kernel-side buffer is
     * a kernel bug and must not turn into a quiet -EFAULT. */
    if (fixup && addr < USER_SPACE_END && !corrupt && !smap_closed) {
        if (vm && vm_handle_fault(vm, addr, fault) == 0) {
            pf_count(&pf_stats.resolved);
            return;     /* the copy instruction runs again */
        }
        pf_count(&pf_stats.fixups);
        f->eip = fixup;
        return;
    }
    pf_kernel_panic(f, addr, fixup && smap_closed && addr < USER_SPACE_END
                                 ? "user copy ran with the SMAP window closed (no stac)"
                                 : page_fault_kernel_cause(addr, f->error));
}

void page_fault_init(void) { trap_register(EXC_PAGE_FAULT, page_fault_handler); }
