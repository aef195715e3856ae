/* System call numbers for the assembly files. The numbers are an enum
 * generated from kernel/api/syscall_list.h, which the assembler cannot
 * read, so the few stubs that need one load it from here. */
#include "syscall.h"

const long __libc_sys_munmap = SYS_munmap;
const long __libc_sys_exit_thread = SYS_exit_thread;
