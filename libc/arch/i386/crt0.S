/* _start: the first user instruction of every program. The kernel leaves
 * argc at [esp], then argv[] and its NULL, envp[] and its NULL, then the
 * auxiliary vector (kernel/api/auxv.h). Everything else happens in C, in
 * __libc_start_main(argc, argv, envp), which never returns. */

    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp             /* a zero frame pointer ends backtraces here */
    movl (%esp), %eax           /* eax = argc */
    leal 4(%esp), %ecx          /* ecx = argv, just above argc */
    leal 8(%esp,%eax,4), %edx   /* edx = envp = argv + argc + 1 (past argv's NULL) */
    andl $-16, %esp             /* align the stack as the i386 ABI wants at calls */
    subl $4, %esp               /* three pushes follow: keep the call site aligned */
    pushl %edx                  /* third argument: envp */
    pushl %ecx                  /* second argument: argv */
    pushl %eax                  /* first argument: argc */
    call __libc_start_main      /* does not return */
    ud2                         /* if it ever did, fault rather than run on */
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits  /* the stack is not executable */
