/* setjmp/longjmp and the register half of sigsetjmp. A jump buffer holds
 * the registers the i386 ABI says a callee must preserve, plus the stack
 * pointer and return address of the setjmp call:
 *   0: ebx  4: esi  8: edi  12: ebp  16: esp after return  20: return eip
 * sigsetjmp's buffer continues with 24: savemask flag, 28: signal mask.
 * None of this can be C: it must capture and restore the caller's frame. */

    .text

    .globl setjmp
    .globl _setjmp
    .type setjmp, @function
    .type _setjmp, @function
setjmp:
_setjmp:
    movl 4(%esp), %eax          /* eax = env */
    movl %ebx, 0(%eax)          /* the callee-saved registers */
    movl %esi, 4(%eax)
    movl %edi, 8(%eax)
    movl %ebp, 12(%eax)
    leal 4(%esp), %ecx          /* the caller's esp once we have returned */
    movl %ecx, 16(%eax)
    movl (%esp), %ecx           /* our return address */
    movl %ecx, 20(%eax)
    xorl %eax, %eax             /* the direct return yields 0 */
    ret
    .size setjmp, . - setjmp
    .size _setjmp, . - _setjmp

    .globl longjmp
    .globl _longjmp
    .type longjmp, @function
    .type _longjmp, @function
longjmp:
_longjmp:
    movl 4(%esp), %edx          /* edx = env */
    movl 8(%esp), %eax          /* eax = val, what setjmp will appear to return */
    testl %eax, %eax            /* setjmp must not appear to return 0 ... */
    jnz 1f
    incl %eax                   /* ... so 0 becomes 1 */
1:
    movl 0(%edx), %ebx          /* restore the callee-saved registers */
    movl 4(%edx), %esi
    movl 8(%edx), %edi
    movl 12(%edx), %ebp
    movl 16(%edx), %esp         /* back on the setjmp caller's stack */
    jmp *20(%edx)               /* and "return" from setjmp a second time */
    .size longjmp, . - longjmp
    .size _longjmp, . - _longjmp

    .globl sigsetjmp
    .type sigsetjmp, @function
sigsetjmp:
    movl 4(%esp), %eax          /* eax = env; save registers as setjmp does */
    movl %ebx, 0(%eax)
    movl %esi, 4(%eax)
    movl %edi, 8(%eax)
    movl %ebp, 12(%eax)
    leal 4(%esp), %ecx
    movl %ecx, 16(%eax)
    movl (%esp), %ecx
    movl %ecx, 20(%eax)
    /* The signal mask is C's job: jump (not call) to
     * __sigsetjmp_save(env, savemask), which finds the same arguments on
     * the stack, records the mask, and returns 0 straight to our caller. */
    jmp __sigsetjmp_save
    .size sigsetjmp, . - sigsetjmp

    .section .note.GNU-stack, "", @progbits  /* the stack is not executable */
