/* Fatal errors and assertions. Assertions stay on in every build. */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H
#include "arch/x86/trap_frame.h"

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt, ...);
/* Panic after a fault: the backtrace starts at the faulting frame. */
__attribute__((noreturn)) void panic_with_frame(const struct trap_frame *f, const char *why);

#define ASSERT(cond)                                                           \
    do {                                                                       \
        if (!(cond))                                                           \
            panic("assertion failed: %s (%s:%d, %s)", #cond, __FILE__,         \
                  __LINE__, __func__);                                         \
    } while (0)

#define ASSERT_NOT_REACHED() panic("unreachable code reached (%s:%d)", __FILE__, __LINE__)
#endif
