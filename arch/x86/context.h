/* Per-thread CPU state the scheduler switches: kernel stack pointer and the
 * FPU/SSE registers of user code. */
#ifndef ARCH_X86_CONTEXT_H
#define ARCH_X86_CONTEXT_H
#include <stdint.h>

struct fpu_state {
    uint8_t fxsave_area[512];
} __attribute__((aligned(16)));

struct arch_thread {
    uint32_t saved_esp;         /* valid while the thread is switched out */
    uint32_t kstack_top;        /* TSS esp0 while it runs */
    uint32_t tls_base;          /* base of the user %gs segment */
    struct fpu_state fpu;
};

void switch_context(uint32_t *save_esp, uint32_t next_esp);
/* Lay out a new kernel stack so the first switch to it enters thread_bootstrap. */
void arch_thread_init_stack(struct arch_thread *a, uint32_t stack_top);
/* Load the clean FPU state every thread starts with. */
void arch_thread_init_fpu(struct arch_thread *a);
void fpu_init(void);
/* Store the running thread's FPU registers into its state (for fork). */
void arch_save_fpu(struct arch_thread *a);
/* Load a's FPU image into the registers, cleaning what could fault. */
void arch_load_fpu_sanitized(struct arch_thread *a);
struct trap_frame;
/* Where a thread's user registers live: the top of its kernel stack. */
struct trap_frame *arch_thread_user_frame(struct arch_thread *a);
/* A frame that enters user mode at eip with stack esp, interrupts on. */
void arch_trap_frame_init_user(struct trap_frame *f, uint32_t eip, uint32_t esp);
/* Leave the kernel through the frame (interrupts off); never returns. */
__attribute__((noreturn)) void arch_enter_user(struct trap_frame *f);
/* Switch the FPU registers and the kernel stack for the next thread. */
void arch_switch_thread_state(struct arch_thread *prev, struct arch_thread *next);
#endif
