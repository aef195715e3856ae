/* Internal to the vm_* files: region list surgery and page-table upkeep.
 * Every function here needs the space's lock held (asserted). */
#ifndef MM_VM_REGION_H
#define MM_VM_REGION_H
#include "mm/vm_space.h"

static inline size_t vm_region_pages(const struct vm_region *r) { return (r->end - r->start) / PAGE_SIZE; }
/* The anon page index that backs va (which must lie in r). */
static inline size_t vm_region_anon_index(const struct vm_region *r, vaddr_t va)
{
    return r->anon_first + (va - r->start) / PAGE_SIZE;
}
static inline struct vm_region *vm_region_of(struct list_node *n) { return list_entry(n, struct vm_region, node); }

/* A zeroed region not on any list; NULL without memory. */
struct vm_region *vm_region_alloc(void);
/* Drops the region's object reference and frees it (must be unlinked). */
void vm_region_free(struct vm_region *r);
void vm_region_set_name(struct vm_region *r, const char *name);

struct vm_region *vm_region_find(struct vm_space *space, vaddr_t addr);
/* Links r into its place in address order; r must overlap nothing. */
void vm_region_insert(struct vm_space *space, struct vm_region *r);
/* Cuts r at `at` (strictly inside it): r keeps [start,at), `spare` (from
 * vm_region_alloc) becomes [at,end) sharing r's object. */
void vm_region_split(struct vm_space *space, struct vm_region *r, vaddr_t at, struct vm_region *spare);

/* Whether the range [start,end) meets no region. */
bool vm_range_is_free(struct vm_space *space, vaddr_t start, vaddr_t end);
/* The highest free gap of len bytes in user space; 0 or -ENOMEM. */
int vm_find_gap(struct vm_space *space, size_t len, vaddr_t *out);
/* Unmaps [start,end), splitting at most one region in two with *spare
 * (set to NULL if it was used). */
void vm_remove_range(struct vm_space *space, vaddr_t start, vaddr_t end, struct vm_region **spare);

/* Page-table flags for a frame of r; 0 means it must not be mapped at all
 * (PROT_NONE). Private writable pages stay read-only while another object
 * shares the frame, so the next write faults and copies. */
unsigned vm_region_pte_flags(const struct vm_region *r, paddr_t frame);
/* Drop the page-table entries of r's pages in [start,end); with `release`
 * the frames go too (the pages are being unmapped). */
void vm_region_unmap_ptes(struct vm_space *space, struct vm_region *r, vaddr_t start, vaddr_t end, bool release);
/* Bring the present entries of r in line with its prot (after mprotect,
 * or when fork makes its frames shared). */
void vm_region_refresh_ptes(struct vm_space *space, struct vm_region *r);
#endif
