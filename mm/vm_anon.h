/* Anonymous memory objects: the frames behind user regions.
 *
 * An object owns one frame reference per page it holds; page tables only
 * cache what the object says, so a mapping can be dropped and rebuilt (after
 * mprotect, PROT_NONE, fork) without losing data. A private object belongs to
 * one address space (its split pieces may share it, each using its own page
 * range); a shared object is referenced by regions of several spaces (after
 * fork) and they all see the same frames. Copy-on-write lives one level down:
 * after fork the parent's and the child's private objects hold the same
 * frames, and a frame whose reference count is above one must be copied
 * before it is written. */
#ifndef MM_VM_ANON_H
#define MM_VM_ANON_H
#include <stdbool.h>
#include <stddef.h>
#include "kernel/spinlock.h"
#include "mm/layout.h"

struct vm_anon {
    /* Protects refs and the frame table: a shared object is reached from
     * several address spaces, each under its own lock. */
    struct spinlock lock;
    unsigned refs;          /* regions that reference the object */
    bool shared;
    size_t npages;
    size_t nchunks;
    uint32_t **chunks;      /* frame numbers, VM_ANON_CHUNK per chunk; 0 = none yet */
};

/* Pages per chunk of the frame table: one page of uint32_t. Chunks are made
 * on first use, so a large, sparsely used region costs little. */
#define VM_ANON_CHUNK (PAGE_SIZE / sizeof(uint32_t))

/* A new object of npages empty pages with one reference; NULL without memory. */
struct vm_anon *vm_anon_create(size_t npages, bool shared);
void vm_anon_get(struct vm_anon *obj);
/* Drops a reference; the last one frees every frame and the object. */
void vm_anon_put(struct vm_anon *obj);

/* The frame at page index idx, or 0 when that page was never touched. */
paddr_t vm_anon_frame(struct vm_anon *obj, size_t idx);
/* The frame at idx, allocating a zeroed one when there is none yet; 0 when
 * out of memory. */
paddr_t vm_anon_frame_or_alloc(struct vm_anon *obj, size_t idx);
/* A frame at idx that only this object holds, copying the page if another
 * object shares it (copy-on-write); 0 when out of memory. */
paddr_t vm_anon_frame_private(struct vm_anon *obj, size_t idx);
/* Frees the frames of count pages from first (private objects only: a
 * shared object keeps its pages while anyone maps it). */
void vm_anon_release(struct vm_anon *obj, size_t first, size_t count);
/* A new private object holding the same frames as pages [first,first+count)
 * of obj, each with an extra reference: the child's half of a fork. */
struct vm_anon *vm_anon_clone_cow(struct vm_anon *obj, size_t first, size_t count);
/* The first page index in [idx, limit) that has a frame, or limit. Skips
 * untouched chunks quickly, so walking a sparse region is cheap. */
size_t vm_anon_next_resident(struct vm_anon *obj, size_t idx, size_t limit);
/* Pages in [first,first+count) that have a frame. */
size_t vm_anon_resident(struct vm_anon *obj, size_t first, size_t count);
#endif
