/* Private to libc: the system call gate. The number goes in eax, up to five
 * arguments in ebx, ecx, edx, esi, edi, and `int $0x82` returns the result in
 * eax: a value, or -errno in -4095..-1. Only eax changes; memory is clobbered
 * because the kernel reads and writes the buffers the arguments point to. */
#ifndef LIBC_ARCH_I386_SYSCALL_H
#define LIBC_ARCH_I386_SYSCALL_H

#include <kernel/api/syscall_list.h>

static inline long __syscall0(long n)
{
    long r;
    __asm__ volatile("int $0x82" : "=a"(r) : "a"(n) : "memory");
    return r;
}

static inline long __syscall1(long n, long a)
{
    long r;
    __asm__ volatile("int $0x82" : "=a"(r) : "a"(n), "b"(a) : "memory");
    return r;
}

static inline long __syscall2(long n, long a, long b)
{
    long r;
    __asm__ volatile("int $0x82" : "=a"(r) : "a"(n), "b"(a), "c"(b) : "memory");
    return r;
}

static inline long __syscall3(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("int $0x82"
                     : "=a"(r)
                     : "a"(n), "b"(a), "c"(b), "d"(c)
                     : "memory");
    return r;
}

static inline long __syscall4(long n, long a, long b, long c, long d)
{
    long r;
    __asm__ volatile("int $0x82"
                     : "=a"(r)
                     : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d)
                     : "memory");
    return r;
}

static inline long __syscall5(long n, long a, long b, long c, long d, long e)
{
    long r;
    __asm__ volatile("int $0x82"
                     : "=a"(r)
                     : "a"(n), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
                     : "memory");
    return r;
}

#endif
