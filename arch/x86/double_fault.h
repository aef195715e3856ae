#ifndef ARCH_X86_DOUBLE_FAULT_H
#define ARCH_X86_DOUBLE_FAULT_H
/* Prepares the double-fault task; call after paging_init (it needs the
 * kernel's page tables). idt_init points vector 8 at it. */
void double_fault_init(void);
#endif
