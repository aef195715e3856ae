/* User copy helpers: range checks around the fault-tolerant moves. */
#include "kernel/uaccess.h"
#include "arch/x86/usercopy.h"
#include "kernel/errno.h"
#include "mm/layout.h"

bool user_range_ok(user_ptr_t p, size_t n)
{
    uintptr_t a = user_ptr_addr(p);
    if (n == 0)
        return a >= USER_SPACE_START && a <= USER_SPACE_END;
    /* Written so that nothing can overflow: a + n may wrap, these don't. */
    return a >= USER_SPACE_START && a < USER_SPACE_END && n <= USER_SPACE_END - a;
}

int copy_from_user(void *dst, user_ptr_t src, size_t n)
{
    if (n == 0)
        return 0;
    if (!user_range_ok(src, n))
        return -EFAULT;
    usercopy_open();
    size_t left = usercopy_bytes(dst, (const void *)user_ptr_addr(src), n);
    usercopy_close();
    return left ? -EFAULT : 0;
}

int copy_to_user(user_ptr_t dst, const void *src, size_t n)
{
    if (n == 0)
        return 0;
    if (!user_range_ok(dst, n))
        return -EFAULT;
    usercopy_open();
    size_t left = usercopy_bytes((void *)user_ptr_addr(dst), src, n);
    usercopy_close();
    return left ? -EFAULT : 0;
}

int clear_user(user_ptr_t dst, size_t n)
{
    if (n == 0)
        return 0;
    if (!user_range_ok(dst, n))
        return -EFAULT;
    usercopy_open();
    size_t left = usercopy_zero((void *)user_ptr_addr(dst), n);
    usercopy_close();
    return left ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, user_ptr_t src, size_t max)
{
    uintptr_t a = user_ptr_addr(src);
    if (max == 0)
        return -ENAMETOOLONG;
    if (!user_range_ok(src, 1))
        return -EFAULT;
    /* Never read past the end of user space: a string that runs into it
     * without a terminator is a bad pointer, not a long name. */
    size_t room = USER_SPACE_END - a;
    size_t limit = max < room ? max : room;
    usercopy_open();
    long len = usercopy_string(dst, (const char *)a, limit);
    usercopy_close();
    if (len < 0)
        return -EFAULT;
    if ((size_t)len == limit)
        return limit == max ? -ENAMETOOLONG : -EFAULT;
    return len;
}
