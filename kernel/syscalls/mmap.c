/* mmap, munmap, mprotect over the process's address space. Only anonymous
 * memory exists so far; file mappings answer ENODEV. */
#include "kernel/api/mman.h"
#include "kernel/api/pledge.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "kernel/syscalls/syscall.h"
#include "kernel/uaccess.h"
#include "mm/vm_space.h"

#define MMAP_KNOWN_FLAGS (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_NORESERVE | \
                          MAP_POPULATE | MAP_STACK | MAP_FIXED_NOREPLACE)

static int mmap_check_prot(int prot)
{
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
        return -EINVAL;
    if ((prot & PROT_EXEC) && !pledge_allows(process_current(), PLEDGE_PROT_EXEC))
        return -EPERM;
    return 0;
}

long sys_mmap(user_ptr_t params_ptr)
{
    struct mmap_params params;
    if (copy_from_user(&params, params_ptr, sizeof(params)) < 0)
        return -EFAULT;
    int rc = mmap_check_prot(params.prot);
    if (rc < 0)
        return rc;
    int type = params.flags & MAP_TYPE;
    if ((params.flags & ~MMAP_KNOWN_FLAGS) || (type != MAP_SHARED && type != MAP_PRIVATE))
        return -EINVAL;
    if (!(params.flags & MAP_ANONYMOUS))
        return -ENODEV;
    if (params.fd != -1 || params.offset != 0)
        return -EINVAL;
    if ((params.flags & MAP_FIXED) && !pledge_allows(process_current(), PLEDGE_MAP_FIXED))
        return -EPERM;
    unsigned flags = (params.flags & (MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS)) |
                     ((params.flags & MAP_STACK) ? VM_MAP_STACK : 0);
    vaddr_t addr = (vaddr_t)(uintptr_t)params.addr;
    bool noreplace = (params.flags & MAP_FIXED_NOREPLACE) && !(params.flags & MAP_FIXED);
    if (noreplace && (addr & (PAGE_SIZE - 1)))
        return -EINVAL;
    vaddr_t out;
    rc = vm_map(process_current()->vm, addr, params.len, (unsigned)params.prot, flags,
                (params.flags & MAP_STACK) ? "[thread stack]" : "[mmap]", &out);
    if (rc < 0)
        return rc;
    /* Without MAP_FIXED the address is a hint, taken exactly when the range
     * is free; anywhere else means something is already there. */
    if (noreplace && out != addr) {
        vm_unmap(process_current()->vm, out, params.len);
        return -EEXIST;
    }
    return (long)out;
}

long sys_munmap(uintptr_t addr, size_t len)
{
    if (len == 0 || (addr & (PAGE_SIZE - 1)))
        return -EINVAL;
    return vm_unmap(process_current()->vm, addr, len);
}

long sys_mprotect(uintptr_t addr, size_t len, int prot)
{
    if (addr & (PAGE_SIZE - 1))
        return -EINVAL;
    int rc = mmap_check_prot(prot);
    if (rc < 0)
        return rc;
    if (len == 0)
        return 0;
    return vm_protect(process_current()->vm, addr, len, (unsigned)prot);
}
