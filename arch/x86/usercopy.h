/* The machine side of user memory access: the fault-tolerant byte moves in
 * usercopy.S, their exception table, and the SMAP window. Only
 * kernel/uaccess.c and the page-fault handler use this; everyone else goes
 * through kernel/uaccess.h. */
#ifndef ARCH_X86_USERCOPY_H
#define ARCH_X86_USERCOPY_H
#include <stddef.h>
#include <stdint.h>
#include "arch/x86/cpu.h"

/* Bytes not copied / cleared: 0 on success. */
size_t usercopy_bytes(void *dst, const void *src, size_t n);
size_t usercopy_zero(void *dst, size_t n);
/* Length of the string copied (NUL included in the copy), max if there was
 * no NUL in max bytes, -1 on a fault. */
long usercopy_string(char *dst, const char *src, size_t max);

/* "A fault at insn resumes at fixup": written by usercopy.S into the
 * __ex_table section, which linker.ld brackets with these symbols. */
struct usercopy_fixup {
    uintptr_t insn;
    uintptr_t fixup;
};
extern const struct usercopy_fixup _ex_table_start[], _ex_table_end[];

/* Where a fault at eip should resume, or 0 if eip may not fault. */
uintptr_t usercopy_fixup_for(uintptr_t eip);

/* 0, or -EFAULT when the write faulted (e.g. a read-only kernel page). */
int probe_kernel_write32(uint32_t *addr, uint32_t value);
extern const char probe_kernel_write32_insn[], probe_kernel_write32_fixup[];

/* With SMAP on, the kernel may touch user pages only while EFLAGS.AC is
 * set. The window is opened just around the copy routines. */
static inline void usercopy_open(void)
{
    if (cpu_features.smap)
        __asm__ volatile("stac" ::: "memory", "cc");
}
static inline void usercopy_close(void)
{
    if (cpu_features.smap)
        __asm__ volatile("clac" ::: "memory", "cc");
}
#endif
