/* dmesg: the kernel log, as much of its newest end as fits in the buffer. */
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/uaccess.h"
#include "mm/heap.h"

/* The log ring's size: nothing older survives anyway. */
#define DMESG_MAX (64 * 1024)

long sys_dmesg(user_ptr_t buf, size_t len)
{
    if (!user_range_ok(buf, len))
        return -EFAULT;
    if (len == 0)
        return 0;
    char *log = kmalloc(DMESG_MAX);
    if (!log)
        return -ENOMEM;
    size_t total = klog_read(log, DMESG_MAX);
    size_t n = total < len ? total : len;
    long rc = (long)n;
    if (copy_to_user(buf, log + (total - n), n) < 0)
        rc = -EFAULT;
    kfree(log);
    return rc;
}
