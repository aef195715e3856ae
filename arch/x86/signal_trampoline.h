#ifndef ARCH_X86_SIGNAL_TRAMPOLINE_H
#define ARCH_X86_SIGNAL_TRAMPOLINE_H
#include <stddef.h>
/* Fills the page with the trampoline; returns the code's length (0 if the
 * page is too small). */
size_t signal_trampoline_write(void *page, size_t size);
#endif
