/* The register state saved on every interrupt, exception and syscall, in the
 * order arch/x86/isr.S pushes it (lowest address first). */
#ifndef ARCH_X86_TRAP_FRAME_H
#define ARCH_X86_TRAP_FRAME_H
#include <stdbool.h>
#include <stdint.h>

struct trap_frame {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;
    uint32_t vector, error;
    uint32_t eip, cs, eflags;
    uint32_t user_esp, user_ss;  /* only present when coming from ring 3 */
};

static inline bool trap_from_user(const struct trap_frame *f) { return (f->cs & 3) == 3; }
#endif
