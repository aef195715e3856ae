/* The kernel heap. */
#ifndef MM_HEAP_H
#define MM_HEAP_H
#include <stddef.h>

/* NULL when memory runs out; the heap stays consistent. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
/* align must be a power of two no larger than a page. */
void *kmalloc_aligned(size_t size, size_t align);
void *kcalloc(size_t n, size_t size);
void kfree(void *p);
/* The usable size of an allocation (at least what was asked). */
size_t kmalloc_size(const void *p);

struct heap_stats {
    size_t bytes_in_use;    /* sum of the sizes of live allocations, rounded to their class */
    size_t allocations;     /* live allocations */
    size_t pages_mapped;    /* heap pages backed by frames, including cached empty slabs */
};
void heap_get_stats(struct heap_stats *out);
/* Give cached empty slab pages back to the frame allocator. */
void heap_trim(void);
void heap_init(void);
#endif
