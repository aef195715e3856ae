/* Kernel virtual ranges backed by fresh frames, with optional unmapped guard
 * pages below them: kernel stacks, and pages that need a mapping of their own. */
#ifndef MM_VMAP_H
#define MM_VMAP_H
#include <stddef.h>

/* Maps `pages` writable pages above `guard` unmapped ones; returns the
 * address of the first mapped page, or NULL. */
void *vmap_alloc(size_t pages, size_t guard);
/* Releases a range made by vmap_alloc with the same sizes. */
void vmap_free(void *addr, size_t pages, size_t guard);
size_t vmap_pages_in_use(void);
#endif
