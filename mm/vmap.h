/* Kernel virtual ranges backed by fresh frames, with optional unmapped guard
 * pages below them: kernel stacks, and pages that need a mapping of their own. */
#ifndef MM_VMAP_H
#define MM_VMAP_H
#include <stddef.h>
#include "mm/layout.h"

/* Maps `pages` writable pages above `guard` unmapped ones; returns the
 * address of the first mapped page, or NULL. */
void *vmap_alloc(size_t pages, size_t guard);
/* Releases a range made by vmap_alloc with the same sizes. */
void vmap_free(void *addr, size_t pages, size_t guard);
size_t vmap_pages_in_use(void);
/* A read-only view of physical memory that may lie beyond the direct map
 * (firmware tables): returns the address of phys, or NULL. */
void *vmap_map_physical(paddr_t phys, size_t len);
void vmap_unmap_physical(const void *addr, size_t len);
#endif
