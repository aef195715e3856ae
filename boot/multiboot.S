/*
 * Multiboot 1 entry. GRUB jumps here in 32-bit protected mode with paging
 * off, EAX = multiboot magic, EBX = physical address of the info structure.
 * We build just enough PAE paging to run the kernel at its higher-half link
 * address (2 MiB pages, the first 512 MiB mapped at 0xC0000000, the first
 * 4 MiB identity-mapped so this code survives turning paging on), then call
 * kernel_main. mm/paging.c replaces these tables with fine-grained ones.
 */
#include "mm/layout.h"

#define MB1_MAGIC       0x1BADB002
#define MB1_FLAGS       ((1 << 0) | (1 << 1))   /* page-align modules, want memory map */

#define PDE_PRESENT     0x001
#define PDE_WRITE       0x002
#define PDE_LARGE       0x080                   /* 2 MiB page in PAE mode */
#define CR4_PAE         0x00000020
#define CR0_WP          0x00010000               /* kernel obeys read-only pages too */
#define CR0_PG          0x80000000
#define PHYS(sym)       ((sym) - KERNEL_VIRT_BASE)

    .section .multiboot, "a"
    .align 4
    .long MB1_MAGIC
    .long MB1_FLAGS
    .long -(MB1_MAGIC + MB1_FLAGS)

    .section .boot.text, "ax"
    .code32
    .globl boot_entry
boot_entry:
    cli
    movl %eax, %edi                     /* keep the magic for kernel_main */
    movl %ebx, %esi                     /* keep the info pointer too */

    /* Kernel half: PD entries 0..255 map 2 MiB each, 512 MiB in all. */
    movl $PHYS(boot_pd_kernel), %edx
    xorl %ecx, %ecx
1:  movl %ecx, %eax
    shll $21, %eax                      /* physical base of this 2 MiB page */
    orl $(PDE_PRESENT | PDE_WRITE | PDE_LARGE), %eax
    movl %eax, (%edx, %ecx, 8)          /* low dword of the 64-bit entry */
    movl $0, 4(%edx, %ecx, 8)           /* high dword: no NX, address < 4 GiB */
    incl %ecx
    cmpl $256, %ecx
    jne 1b

    /* Identity map of the first 4 MiB, where this code runs. */
    movl $PHYS(boot_pd_low), %edx
    movl $(PDE_PRESENT | PDE_WRITE | PDE_LARGE), 0(%edx)
    movl $0, 4(%edx)
    movl $(0x200000 | PDE_PRESENT | PDE_WRITE | PDE_LARGE), 8(%edx)
    movl $0, 12(%edx)

    /* PDPT: slot 0 = low identity, slot 3 = kernel half. PDPT entries
     * only take the present bit; writable/user bits are reserved here. */
    movl $PHYS(boot_pdpt), %edx
    movl $(PHYS(boot_pd_low) + PDE_PRESENT), 0(%edx)
    movl $(PHYS(boot_pd_kernel) + PDE_PRESENT), 24(%edx)

    movl %cr4, %eax
    orl $CR4_PAE, %eax                  /* 64-bit entries, NX capable */
    movl %eax, %cr4
    movl %edx, %cr3                     /* load the PDPT */
    movl %cr0, %eax
    orl $(CR0_PG | CR0_WP), %eax        /* paging on, write-protect in ring 0 */
    movl %eax, %cr0

    movl $boot_higher_half, %eax        /* absolute higher-half address */
    jmp *%eax

    .section .text
boot_higher_half:
    movl $boot_stack_top, %esp          /* the boot thread's stack */
    xorl %ebp, %ebp                     /* terminates backtraces */
    pushl %esi                          /* multiboot info (physical) */
    pushl %edi                          /* multiboot magic */
    call kernel_main
2:  cli                                 /* kernel_main never returns */
    hlt
    jmp 2b

    .section .bss
    .align 4096
    .globl boot_pd_kernel
boot_pd_kernel:
    .skip 4096
boot_pd_low:
    .skip 4096
    /* Unmapped by paging_init: an overflow of the boot stack faults here
     * instead of overwriting the page directories above. */
    .globl boot_stack_guard
boot_stack_guard:
    .skip 4096
    .globl boot_stack_bottom
boot_stack_bottom:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:
    .align 32                           /* the PDPT must be 32-byte aligned */
    .globl boot_pdpt
boot_pdpt:
    .skip 32
