/* Memory mapping of the kernel ABI. The PROT_* and MAP_* numbers are the
 * Linux i386 ones. */
#ifndef KERNEL_API_MMAN_H
#define KERNEL_API_MMAN_H

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4  /* never together with PROT_WRITE: W^X holds */

#define MAP_SHARED          0x000001
#define MAP_PRIVATE         0x000002
#define MAP_TYPE            0x00000f  /* mask of the sharing type */
#define MAP_FIXED           0x000010  /* exactly at addr, replacing what is there */
#define MAP_ANONYMOUS       0x000020  /* zero-filled memory; fd must be -1 */
#define MAP_ANON            MAP_ANONYMOUS
#define MAP_GROWSDOWN       0x000100
#define MAP_NORESERVE       0x004000
#define MAP_POPULATE        0x008000
#define MAP_STACK           0x020000  /* the mapping is a thread's stack */
#define MAP_FIXED_NOREPLACE 0x100000  /* at addr, or fail with EEXIST */

/* mmap has six arguments, one more than the registers carry, so it takes a
 * pointer to this. The call returns the address of the mapping, or -errno
 * (a value in -4095..-1, which no mapping can start at). */
struct mmap_params {
    void *addr;            /* hint, or the exact place with MAP_FIXED */
    __SIZE_TYPE__ len;
    int prot;              /* PROT_* */
    int flags;             /* MAP_* */
    int fd;                /* -1 for anonymous memory */
    __INT64_TYPE__ offset; /* into the file; a multiple of the page size */
};

#endif
