/* PAE page tables: map and unmap 4 KiB pages in the kernel half (shared by
 * every address space) or in one address space's user half. */
#ifndef ARCH_X86_PAGING_H
#define ARCH_X86_PAGING_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mm/layout.h"

/* Portable mapping flags; the arch code turns them into PTE bits. */
#define PAGE_WRITE  (1u << 0)
#define PAGE_USER   (1u << 1)
#define PAGE_EXEC   (1u << 2)
#define PAGE_NOCACHE (1u << 3)

/* One address space: a PDPT with three user page directories; the fourth
 * slot always points at the kernel's page directory. */
struct page_dir {
    uint64_t *pdpt;         /* 32-byte aligned, in kernel memory */
    paddr_t pdpt_phys;      /* what CR3 holds */
    paddr_t user_pd[3];     /* frames of the user page directories */
};

extern struct page_dir kernel_page_dir;

/* Replace the boot page tables with 4 KiB mappings: text read-only, the
 * rest non-executable, the identity mapping gone. */
void paging_init(void);

/* 0 or -ENOMEM (a page table could not be allocated). pd may be NULL for
 * kernel addresses. An existing mapping is replaced. */
int paging_map(struct page_dir *pd, vaddr_t va, paddr_t pa, unsigned flags);
/* Removes the mapping; returns the frame it mapped, or 0 if none. */
paddr_t paging_unmap(struct page_dir *pd, vaddr_t va);
/* Whether va is mapped; fills in frame and flags if so. */
bool paging_query(struct page_dir *pd, vaddr_t va, paddr_t *pa, unsigned *flags);
/* Change the permission flags of a mapped page; -ENOENT if not mapped. */
int paging_protect(struct page_dir *pd, vaddr_t va, unsigned flags);

/* A new address space sharing the kernel half; NULL without memory. */
struct page_dir *paging_create(void);
/* Frees the page tables (not the frames they map; the caller owns those). */
void paging_destroy(struct page_dir *pd);
void paging_activate(struct page_dir *pd);
/* Frames used by kernel-half page tables made on demand (never freed). */
size_t paging_kernel_table_frames(void);
#endif
