/*
 * The byte moves behind the user copy helpers (kernel/uaccess.c). Each
 * instruction that touches user memory has an entry in the __ex_table
 * section: if it faults on an address no region can back, the page-fault
 * handler resumes at the entry's fixup instead of panicking, and the
 * routine reports how far it got. Callers check the range first and open
 * SMAP (stac) around the call; nothing here knows about either.
 *
 * cdecl: arguments on the stack, result in eax, esi/edi/ebx preserved.
 */

/* One exception table entry: "a fault at insn continues at fixup". */
.macro EX_ENTRY insn, fixup
    .pushsection __ex_table, "a"        /* collected by linker.ld */
    .balign 4                           /* entries are two aligned words */
    .long \insn                         /* address that may fault */
    .long \fixup                        /* where to go instead */
    .popsection                         /* back to the code */
.endm

    .text

/* size_t usercopy_bytes(void *dst, const void *src, size_t n)
 * Returns the number of bytes NOT copied: 0 on success. */
    .globl usercopy_bytes
    .type usercopy_bytes, @function
usercopy_bytes:
    pushl %esi                          /* callee-saved, used as source */
    pushl %edi                          /* callee-saved, used as destination */
    movl 12(%esp), %edi                 /* dst (two pushes + return address above) */
    movl 16(%esp), %esi                 /* src */
    movl 20(%esp), %ecx                 /* n: the count rep decrements */
.Lcopy_insn:
    rep movsb                           /* copy; on a fault ecx holds what is left */
.Lcopy_done:
    movl %ecx, %eax                     /* bytes left: 0 when all went through */
    popl %edi                           /* restore */
    popl %esi                           /* restore */
    ret
    /* The fault fixup is the instruction right after the copy: the CPU
     * leaves ecx, esi, edi at the byte that faulted. */
    EX_ENTRY .Lcopy_insn, .Lcopy_done
    .size usercopy_bytes, . - usercopy_bytes

/* size_t usercopy_zero(void *dst, size_t n)
 * Returns the number of bytes NOT cleared: 0 on success. */
    .globl usercopy_zero
    .type usercopy_zero, @function
usercopy_zero:
    pushl %edi                          /* callee-saved, used as destination */
    movl 8(%esp), %edi                  /* dst (one push + return address above) */
    movl 12(%esp), %ecx                 /* n */
    xorl %eax, %eax                     /* the byte stosb stores */
.Lzero_insn:
    rep stosb                           /* clear; on a fault ecx holds what is left */
.Lzero_done:
    movl %ecx, %eax                     /* bytes left: 0 when all went through */
    popl %edi                           /* restore */
    ret
    EX_ENTRY .Lzero_insn, .Lzero_done   /* same trick as usercopy_bytes */
    .size usercopy_zero, . - usercopy_zero

/* long usercopy_string(char *dst, const char *src, size_t max)
 * Copies bytes up to and including the first NUL, at most max of them.
 * Returns the string length (NUL found and copied), max (no NUL in the
 * first max bytes), or -1 (a fault). */
    .globl usercopy_string
    .type usercopy_string, @function
usercopy_string:
    pushl %esi                          /* callee-saved, used as source */
    pushl %edi                          /* callee-saved, used as destination */
    movl 12(%esp), %edi                 /* dst */
    movl 16(%esp), %esi                 /* src */
    movl 20(%esp), %ecx                 /* max: bytes we may still read */
    xorl %edx, %edx                     /* length so far */
.Lstr_loop:
    testl %ecx, %ecx                    /* room left? */
    jz .Lstr_out                        /* no: return max (edx == max here) */
.Lstr_load:
    movb (%esi), %al                    /* read one user byte (may fault) */
    movb %al, (%edi)                    /* store it in the kernel buffer */
    testb %al, %al                      /* end of string? */
    jz .Lstr_out                        /* yes: edx is its length */
    incl %esi                           /* next source byte */
    incl %edi                           /* next destination byte */
    incl %edx                           /* one more character */
    decl %ecx                           /* one less allowed */
    jmp .Lstr_loop
.Lstr_out:
    movl %edx, %eax                     /* result: length (or max) */
    popl %edi                           /* restore */
    popl %esi                           /* restore */
    ret
.Lstr_fault:
    movl $-1, %edx                      /* result: fault */
    jmp .Lstr_out                       /* common exit restores registers */
    EX_ENTRY .Lstr_load, .Lstr_fault
    .size usercopy_string, . - usercopy_string

/*
 * int probe_kernel_write32(uint32_t *addr, uint32_t value)
 * Writes one word to kernel memory and returns 0, or -EFAULT (-14) if the
 * write faulted. Self-tests use it to prove a page is really read-only.
 */
    .globl probe_kernel_write32, probe_kernel_write32_insn, probe_kernel_write32_fixup
probe_kernel_write32:
    movl 4(%esp), %edx          /* the address */
    movl 8(%esp), %ecx          /* the value */
probe_kernel_write32_insn:
    movl %ecx, (%edx)           /* may fault */
    xorl %eax, %eax             /* it did not: 0 */
    ret
probe_kernel_write32_fixup:
    movl $-14, %eax             /* it did: -EFAULT */
    ret
