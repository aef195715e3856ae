/* The kernel's virtual memory layout. Included from C and from assembly. */
#ifndef MM_LAYOUT_H
#define MM_LAYOUT_H

#define PAGE_SIZE           0x1000
#define PAGE_SHIFT          12

#define KERNEL_VIRT_BASE    0xC0000000
/* Physical memory below this limit is mapped at KERNEL_VIRT_BASE + phys and
 * is the only memory the frame allocator hands out. */
#define DIRECT_MAP_LIMIT    0x20000000  /* 512 MiB */
#define KERNEL_HEAP_START   0xE0000000
#define KERNEL_HEAP_END     0xE8000000  /* 128 MiB */
#define VMAP_START          0xE8000000
#define VMAP_END            0xFF000000

#define USER_SPACE_START    0x00001000  /* the null page is never mapped */
#define USER_SPACE_END      0xC0000000

#ifndef __ASSEMBLER__
#include <stdint.h>
typedef uint32_t vaddr_t;
typedef uint64_t paddr_t;

static inline void *phys_to_virt(paddr_t p) { return (void *)(uintptr_t)(p + KERNEL_VIRT_BASE); }
static inline paddr_t virt_to_phys(const void *v) { return (uintptr_t)v - KERNEL_VIRT_BASE; }

#define PAGE_ALIGN_DOWN(x)  ((x) & ~(uintptr_t)(PAGE_SIZE - 1))
#define PAGE_ALIGN_UP(x)    (((x) + PAGE_SIZE - 1) & ~(uintptr_t)(PAGE_SIZE - 1))

/* Linker-provided boundaries of the kernel image (see linker.ld). */
extern char _kernel_phys_start[], _kernel_phys_end[];
extern char _kernel_text_start[], _kernel_text_end[];
extern char _kernel_rodata_start[], _kernel_rodata_end[];
extern char _kernel_data_start[], _kernel_data_end[];
extern char _kernel_end[];
#endif
#endif
