/* __libc_unmap_and_exit_thread(base, size, value): the last act of a
 * detached thread, which must free the mapping holding its own stack and
 * control block. Once munmap returns there is no stack, so everything after
 * it runs in registers. The caller has blocked all signals: a handler would
 * need the stack. */

    .text
    .globl __libc_unmap_and_exit_thread
    .type __libc_unmap_and_exit_thread, @function
__libc_unmap_and_exit_thread:
    movl 12(%esp), %esi              /* esi = value (the thread's result) */
    movl 8(%esp), %ecx               /* second argument of munmap: size */
    movl 4(%esp), %ebx               /* first argument of munmap: base */
    movl __libc_sys_munmap, %eax     /* munmap(base, size) */
    int $0x82
    movl %esi, %ebx                  /* exit_thread(value); no stack from here on */
    movl __libc_sys_exit_thread, %eax
    int $0x82
    ud2                              /* exit_thread does not return */
    .size __libc_unmap_and_exit_thread, . - __libc_unmap_and_exit_thread

    .section .note.GNU-stack, "", @progbits  /* the stack is not executable */
