/* The auxiliary vector: (type, value) pairs of machine words that execve
 * leaves on the new program's stack after the environment's NULL, ending
 * with an AT_NULL pair. The stack at entry is:
 *   [esp]            argc
 *   [esp+4] ...      argv[0] .. argv[argc-1], NULL
 *   then             envp[0] .. envp[n-1], NULL
 *   then             auxv pairs, AT_NULL last
 * followed by the strings and data they point to. Types are the Linux ones;
 * a program ignores types it does not know. */
#ifndef KERNEL_API_AUXV_H
#define KERNEL_API_AUXV_H

#define AT_NULL     0   /* end of the vector */
#define AT_IGNORE   1
#define AT_EXECFD   2
#define AT_PHDR     3   /* the program headers in memory */
#define AT_PHENT    4   /* size of one program header */
#define AT_PHNUM    5   /* number of program headers */
#define AT_PAGESZ   6   /* the page size */
#define AT_BASE     7
#define AT_FLAGS    8
#define AT_ENTRY    9   /* the program's entry point */
#define AT_NOTELF   10
#define AT_UID      11
#define AT_EUID     12
#define AT_GID      13
#define AT_EGID     14
#define AT_PLATFORM 15  /* string: "i686" */
#define AT_HWCAP    16
#define AT_CLKTCK   17
#define AT_SECURE   23  /* non-zero: set-id program, be careful */
#define AT_RANDOM   25  /* address of 16 random bytes */
#define AT_EXECFN   31  /* string: the path given to execve */

#endif
