/* Raw system calls, for the calls libc does not wrap and for feeding the
 * kernel arguments no libc wrapper would pass (the fuzzer, EFAULT tests).
 * Returns the kernel's value: a result, or -errno. */
#ifndef TESTRUNNER_RAWSYS_H
#define TESTRUNNER_RAWSYS_H
#include <kernel/api/syscall_list.h>

static inline long raw_syscall(long n, long a, long b, long c, long d, long e)
{
    long r;
    __asm__ volatile("int $0x82"
                     : "=a"(r)
                     : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                     : "memory");
    return r;
}

#define RAW0(n) raw_syscall((n), 0, 0, 0, 0, 0)
#define RAW1(n, a) raw_syscall((n), (long)(a), 0, 0, 0, 0)
#define RAW2(n, a, b) raw_syscall((n), (long)(a), (long)(b), 0, 0, 0)
#define RAW3(n, a, b, c) raw_syscall((n), (long)(a), (long)(b), (long)(c), 0, 0)
#define RAW4(n, a, b, c, d) raw_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), 0)
#define RAW5(n, a, b, c, d, e) raw_syscall((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e))
#endif
