/* Memory mapping. mmap has six arguments; the kernel takes them as a
 * struct. */
#include <sys/mman.h>

#include "../internal/syscall.h"

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
    struct mmap_params p = {
        .addr = addr, .len = len, .prot = prot,
        .flags = flags, .fd = fd, .offset = offset,
    };
    long r = __syscall1(SYS_mmap, __SC(&p));
    if (__syscall_failed(r)) {
        errno = (int)-r;
        return MAP_FAILED;
    }
    return (void *)r;
}

int munmap(void *addr, size_t len)
{
    return (int)__syscall_ret(__syscall2(SYS_munmap, __SC(addr), __SC(len)));
}

int mprotect(void *addr, size_t len, int prot)
{
    return (int)__syscall_ret(__syscall3(SYS_mprotect, __SC(addr), __SC(len), prot));
}
