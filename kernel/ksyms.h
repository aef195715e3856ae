/* The kernel's own function symbols, embedded at link time for backtraces. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H
#include <stdint.h>
/* Name of the function containing addr and the offset into it, or NULL. */
const char *ksyms_lookup(uintptr_t addr, uintptr_t *offset);
/* Address of a symbol by exact name, or 0. */
uintptr_t ksyms_address_of(const char *name);
/* Print "  [addr] name+0xoff" lines walking the frame-pointer chain. */
void backtrace_print(uintptr_t eip, uintptr_t ebp);
#endif
