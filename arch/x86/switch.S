/*
 * switch_context(uint32_t *save_esp, uint32_t next_esp)
 *
 * Saves the callee-saved registers on the current kernel stack, stores the
 * stack pointer through save_esp, switches to next_esp and pops the next
 * thread's registers. The return then lands wherever that thread called
 * switch_context from, or in thread_entry_trampoline for a new thread.
 */
    .text
    .globl switch_context
switch_context:
    movl 4(%esp), %eax          /* where to save this thread's stack pointer */
    movl 8(%esp), %edx          /* the next thread's saved stack pointer */
    pushl %ebp                  /* callee-saved registers of this thread */
    pushl %ebx
    pushl %esi
    pushl %edi
    movl %esp, (%eax)           /* remember where they are */
    movl %edx, %esp             /* now on the next thread's stack */
    popl %edi                   /* its callee-saved registers */
    popl %esi
    popl %ebx
    popl %ebp
    ret                         /* resume it */

/* First code a new thread runs: the stack built by arch_thread_init_stack has
 * no caller, so give C a clean frame-pointer chain and enter C. */
    .globl thread_entry_trampoline
thread_entry_trampoline:
    xorl %ebp, %ebp             /* ends backtraces here */
    call thread_bootstrap       /* never returns */
    ud2

/* arch_enter_user(struct trap_frame *f): drop everything on this kernel
 * stack and return to user mode through f, which is the thread's own frame
 * at the top of the stack. */
    .globl arch_enter_user
arch_enter_user:
    cli                         /* no interrupt while esp moves */
    movl 4(%esp), %esp          /* the frame becomes the stack */
    jmp interrupt_return        /* pop it and iret to ring 3 */
