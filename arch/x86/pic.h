/* The legacy 8259A interrupt controller pair. */
#ifndef ARCH_X86_PIC_H
#define ARCH_X86_PIC_H
#include <stdbool.h>
void pic_init(void);
void pic_mask(unsigned irq);
void pic_unmask(unsigned irq);
void pic_eoi(unsigned irq);
/* IRQ 7 and 15 can fire without a real request; those must not be acknowledged. */
bool pic_is_spurious(unsigned irq);
#endif
