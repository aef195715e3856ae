/* Interrupt descriptor table and the dispatch of vectors to handlers. */
#ifndef ARCH_X86_INTERRUPTS_H
#define ARCH_X86_INTERRUPTS_H
#include "arch/x86/trap_frame.h"

#define IRQ_BASE_VECTOR     32
#define IRQ_COUNT           16
#define SYSCALL_VECTOR      0x82

enum {
    EXC_DIVIDE = 0, EXC_DEBUG, EXC_NMI, EXC_BREAKPOINT, EXC_OVERFLOW, EXC_BOUND,
    EXC_INVALID_OPCODE, EXC_DEVICE_NA, EXC_DOUBLE_FAULT, EXC_COPROC_OVERRUN,
    EXC_INVALID_TSS, EXC_SEGMENT_NP, EXC_STACK, EXC_GP, EXC_PAGE_FAULT,
    EXC_RESERVED15, EXC_X87, EXC_ALIGNMENT, EXC_MACHINE_CHECK, EXC_SIMD,
    EXC_VIRTUALIZATION, EXC_CONTROL_PROTECTION,
};

typedef void (*irq_handler_fn)(struct trap_frame *frame, void *ctx);
/* A handler for a vector that is not an IRQ line (exceptions, syscalls). */
typedef void (*trap_handler_fn)(struct trap_frame *frame);

void idt_init(void);
/* Drivers register for an ISA IRQ line (0..15); the line is unmasked. */
int irq_register(unsigned irq, irq_handler_fn fn, void *ctx);
void irq_unregister(unsigned irq);
/* Subsystems claim exception or software-interrupt vectors. */
void trap_register(unsigned vector, trap_handler_fn fn);

/* Print a full register dump of the frame to the console. */
void trap_dump(const struct trap_frame *f);
const char *exception_name(unsigned vector);
#endif
