/* The physical frame allocator. Frames are 4 KiB and carry a reference
 * count so that copy-on-write can share them. */
#ifndef MM_PMM_H
#define MM_PMM_H
#include <stddef.h>
#include <stdint.h>
#include "mm/layout.h"

/* Returned when no frame is left. Frame 0 is never handed out (the first
 * megabyte belongs to the BIOS), so 0 can never be a real frame. */
#define PMM_NO_FRAME ((paddr_t)0)

void pmm_init(void);
/* A zero-filled frame with reference count 1, or PMM_NO_FRAME. */
paddr_t pmm_alloc_frame(void);
/* Drop one reference; the frame is free again when none is left. */
void pmm_free_frame(paddr_t frame);
void pmm_frame_ref(paddr_t frame);
unsigned pmm_frame_refcount(paddr_t frame);
size_t pmm_free_frames(void);
size_t pmm_total_frames(void);
/* Whether the frame is one the allocator manages (usable RAM, direct-mapped). */
int pmm_is_managed(paddr_t frame);
#endif
