/* The architecture side of thread switching. FPU state is saved and
 * restored eagerly on every switch: simpler than lazy switching, and it can
 * never leak one process's registers into another. */
#include "arch/x86/context.h"
#include "arch/x86/cpu.h"
#include "arch/x86/gdt.h"
#include "arch/x86/trap_frame.h"
#include <string.h>

#define CR0_MP      (1u << 1)
#define CR0_EM      (1u << 2)
#define CR0_TS      (1u << 3)
#define CR0_NE      (1u << 5)
#define CR4_OSFXSR  (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10)

static struct fpu_state fpu_clean_state;
void thread_entry_trampoline(void);

void fpu_init(void)
{
    write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
    write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
    __asm__ volatile("fninit");
    __asm__ volatile("fxsave %0" : "=m"(fpu_clean_state));
}

void arch_thread_init_fpu(struct arch_thread *a) { memcpy(&a->fpu, &fpu_clean_state, sizeof(a->fpu)); }

void arch_thread_init_stack(struct arch_thread *a, uint32_t stack_top)
{
    /* The top of every kernel stack is kept free for the user register
     * frame: the CPU pushes it there on entry from ring 3, and a thread
     * that starts in the kernel builds its first one there. */
    uint32_t *sp = (uint32_t *)(stack_top - sizeof(struct trap_frame));
    *--sp = (uint32_t)thread_entry_trampoline;  /* switch_context returns here */
    *--sp = 0;                                  /* ebp */
    *--sp = 0;                                  /* ebx */
    *--sp = 0;                                  /* esi */
    *--sp = 0;                                  /* edi */
    a->saved_esp = (uint32_t)sp;
    a->kstack_top = stack_top;
}

void arch_switch_thread_state(struct arch_thread *prev, struct arch_thread *next)
{
    __asm__ volatile("fxsave %0" : "=m"(prev->fpu));
    __asm__ volatile("fxrstor %0" : : "m"(next->fpu));
    gdt_set_kernel_stack(next->kstack_top);
    if (prev->tls_base != next->tls_base)
        gdt_set_tls_base(next->tls_base);
}

struct trap_frame *arch_thread_user_frame(struct arch_thread *a)
{
    return (struct trap_frame *)(a->kstack_top - sizeof(struct trap_frame));
}

void arch_trap_frame_init_user(struct trap_frame *f, uint32_t eip, uint32_t esp)
{
    memset(f, 0, sizeof(*f));
    f->cs = SEL_USER_CODE;
    f->ds = f->es = f->fs = SEL_USER_DATA;
    f->gs = SEL_USER_TLS;
    f->user_ss = SEL_USER_DATA;
    f->eflags = EFLAGS_IF | 0x2;    /* bit 1 is always set */
    f->eip = eip;
    f->user_esp = esp;
}

void arch_save_fpu(struct arch_thread *a) { __asm__ volatile("fxsave %0" : "=m"(a->fpu)); }

/* The image may come from user memory (sigreturn): MXCSR bits outside the
 * CPU's mask would make fxrstor fault in the kernel, so they are cleared. */
void arch_load_fpu_sanitized(struct arch_thread *a)
{
    uint32_t mask;
    memcpy(&mask, fpu_clean_state.fxsave_area + 28, 4);
    if (mask == 0)
        mask = 0xFFBF;   /* the architectural default when the CPU reports none */
    uint32_t mxcsr;
    memcpy(&mxcsr, a->fpu.fxsave_area + 24, 4);
    mxcsr &= mask;
    memcpy(a->fpu.fxsave_area + 24, &mxcsr, 4);
    __asm__ volatile("fxrstor %0" : : "m"(a->fpu));
}
