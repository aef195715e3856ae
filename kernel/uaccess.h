/* Safe access to user memory.
 *
 * A user pointer is a user_ptr_t, a struct wrapping the address, so the
 * compiler refuses to dereference it: user memory is reached only through
 * the helpers below. They check the range (user_range_ok), then copy with
 * fault recovery: a page the current address space does not back ends the
 * copy with -EFAULT instead of a kernel panic. Pages that are mapped but
 * not yet touched (demand zero, copy-on-write) are filled in on the way.
 *
 * They work on the address space active on this CPU (this_cpu()->vm), may
 * fault and so take its lock: never call them holding that lock, or any
 * spinlock the fault path takes. */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uintptr_t addr;
} user_ptr_t;

static inline user_ptr_t user_ptr(uintptr_t addr) { return (user_ptr_t){ addr }; }
static inline uintptr_t user_ptr_addr(user_ptr_t p) { return p.addr; }
static inline bool user_ptr_is_null(user_ptr_t p) { return p.addr == 0; }
/* May wrap; the helpers reject a wrapped pointer. */
static inline user_ptr_t user_ptr_add(user_ptr_t p, size_t offset) { return (user_ptr_t){ p.addr + offset }; }

/* Whether [p, p+n) lies wholly in user space without wrapping. An empty
 * range is fine anywhere up to and including USER_SPACE_END. */
bool user_range_ok(user_ptr_t p, size_t n);

/* 0, or -EFAULT when any byte is outside user space or not accessible as
 * needed (a partial copy may have happened then). n == 0 always succeeds. */
int copy_from_user(void *dst, user_ptr_t src, size_t n);
int copy_to_user(user_ptr_t dst, const void *src, size_t n);
int clear_user(user_ptr_t dst, size_t n);
/* Copy a NUL-terminated string into dst, which has room for max bytes
 * (terminator included). Returns its length, -ENAMETOOLONG when it does
 * not fit, -EFAULT when it runs into memory the process cannot read. */
long strncpy_from_user(char *dst, user_ptr_t src, size_t max);
#endif
