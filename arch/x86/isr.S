/*
 * Interrupt entry stubs for all 256 vectors. Each stub makes the stack look
 * the same (an error code, real or zero, then the vector number), and jumps
 * to one common path that saves the registers as a struct trap_frame
 * (arch/x86/trap_frame.h) and calls interrupt_dispatch(frame).
 * interrupt_stub_table[] lists the stubs' addresses for idt.c.
 */
#include "arch/x86/gdt.h"

    .section .rodata
    .align 4
    .globl interrupt_stub_table
interrupt_stub_table:

    .text

/* Vectors for which the CPU pushes an error code itself. */
.macro STUB vec
    .align 8
stub_\vec:
    .if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
    .else
    pushl $0                            /* dummy error code */
    .endif
    pushl $\vec                         /* vector number */
    jmp interrupt_common
    .section .rodata
    .long stub_\vec                     /* table entry for this vector */
    .text
.endm

.altmacro
.set vec, 0
.rept 256
    STUB %vec
    .set vec, vec + 1
.endr

interrupt_common:
    pushal                              /* eax ecx edx ebx esp ebp esi edi */
    pushl %ds
    pushl %es
    pushl %fs
    pushl %gs
    movl $SEL_KERNEL_DATA, %eax         /* kernel data segments for C code */
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %fs
    movw %ax, %gs
    cld                                 /* the C ABI expects DF clear */
    pushl %esp                          /* argument: the trap frame */
    call interrupt_dispatch
    addl $4, %esp
    .globl interrupt_return
interrupt_return:                       /* new threads start here too */
    popl %gs
    popl %fs
    popl %es
    popl %ds
    popal
    addl $8, %esp                       /* drop vector and error code */
    iret
