/* User address spaces: a page directory plus a sorted list of regions.
 *
 * Every user mapping is a region [start,end) with a protection, some flags,
 * a name, and an anonymous memory object (mm/vm_anon.h) that owns its
 * frames. Page tables are filled lazily by vm_handle_fault: a page gets a
 * frame on first touch (demand zero), and a write to a page that another
 * space still shares after fork copies it first (copy-on-write).
 *
 * Errors (every function returns 0 or a negative errno):
 *   EINVAL  zero length, unaligned fixed address or range outside user space,
 *           unknown flags, or WRITE together with EXEC (W^X: refused as an
 *           invalid combination, for mmap and mprotect alike)
 *   EACCES  EXEC asked on a region that never executes (stacks, heaps)
 *   ENOMEM  no room for the mapping, mprotect over a hole, or out of memory
 *
 * Locking: each space has one lock over its region list and page tables.
 * It is a spinlock until the mutex lands, so nothing here sleeps. The copy
 * helpers (kernel/uaccess.h) fault into vm_handle_fault, which takes it:
 * never call them with a space's lock held. */
#ifndef MM_VM_SPACE_H
#define MM_VM_SPACE_H
#include <stdbool.h>
#include <stddef.h>
#include "kernel/list.h"
#include "kernel/spinlock.h"
#include "mm/layout.h"

/* Protection bits, the same numbers as the user ABI's PROT_*. */
#define VM_PROT_NONE    0x0
#define VM_PROT_READ    0x1
#define VM_PROT_WRITE   0x2
#define VM_PROT_EXEC    0x4

/* Mapping flags, the same numbers as the user ABI's MAP_* where one exists,
 * so the mmap system call can pass them through. */
#define VM_MAP_SHARED       0x01
#define VM_MAP_PRIVATE      0x02
#define VM_MAP_FIXED        0x10
#define VM_MAP_ANONYMOUS    0x20
#define VM_MAP_STACK        0x20000
/* Kernel only: the region may never become executable (a heap, say).
 * Stacks always carry it. */
#define VM_MAP_NOEXEC       0x40000000

#define VM_NAME_MAX 32

struct vm_anon;
struct page_dir;

struct vm_region {
    struct list_node node;  /* in vm_space.regions, sorted by start */
    vaddr_t start, end;     /* page aligned, end exclusive */
    unsigned prot;          /* VM_PROT_* */
    unsigned flags;         /* VM_MAP_SHARED or _PRIVATE, plus _ANONYMOUS, _STACK, _NOEXEC */
    struct vm_anon *anon;   /* the frames; page start maps its page anon_first */
    size_t anon_first;
    char name[VM_NAME_MAX];
};

struct vm_space {
    /* Protects regions and the user half of pd. Never held across a user
     * copy (the fault handler takes it). */
    struct spinlock lock;
    struct list_node regions;
    struct page_dir *pd;
};

/* What a region looks like from outside, for /proc-style listings and
 * crash reports. */
struct vm_region_info {
    vaddr_t start, end;
    unsigned prot, flags;
    size_t resident_pages;
    char name[VM_NAME_MAX];
};

struct vm_usage {
    size_t virtual_bytes;   /* sum of the region sizes */
    size_t resident_pages;  /* pages with a frame, shared ones included */
    size_t shared_pages;    /* of which in shared objects */
    size_t regions;
};

/* A new, empty address space; 0 or -ENOMEM. */
int vm_space_create(struct vm_space **out);
/* Frees every region, frame (those no other space shares) and page table.
 * The space must not be active on this CPU. */
void vm_space_destroy(struct vm_space *space);
/* A copy of parent for fork: private pages become copy-on-write in both
 * (the parent's writable ones turn read-only until the next write),
 * shared regions stay shared. 0 or -ENOMEM (nothing changed then). */
int vm_space_clone_for_fork(struct vm_space *parent, struct vm_space **out);
/* Load space's page tables on this CPU and make it this_cpu()->vm; NULL
 * switches to the kernel's page tables (kernel threads). */
void vm_space_activate(struct vm_space *space);

/* mmap: maps len bytes (rounded up to pages) of demand-zero memory.
 * VM_MAP_FIXED puts it exactly at addr, replacing whatever was there;
 * otherwise a page-aligned free addr is honoured and the highest free gap
 * taken if not. Exactly one of VM_MAP_SHARED and VM_MAP_PRIVATE, and
 * VM_MAP_ANONYMOUS (files come later). The address goes to *out. */
int vm_map(struct vm_space *space, vaddr_t addr, size_t len, unsigned prot, unsigned flags,
           const char *name, vaddr_t *out);
/* Maps all of a shared object (a new reference) exactly at addr: memory
 * the kernel prepared once and shows to every process, like the signal
 * trampoline. */
int vm_map_object(struct vm_space *space, vaddr_t addr, unsigned prot, const char *name, struct vm_anon *obj);
/* munmap: unmaps every page of [addr, addr+len), splitting regions at the
 * edges. Holes are fine. addr must be page aligned. */
int vm_unmap(struct vm_space *space, vaddr_t addr, size_t len);
/* mprotect: every page of the range must be mapped (ENOMEM otherwise). */
int vm_protect(struct vm_space *space, vaddr_t addr, size_t len, unsigned prot);
/* A private read-write "[stack]" of size bytes with a one-page PROT_NONE
 * "[stack guard]" region right below it; *top gets its end (initial esp). */
int vm_map_stack(struct vm_space *space, size_t size, vaddr_t *top);

/* Page-fault causes, given to vm_handle_fault (the arch code translates). */
#define VM_FAULT_PRESENT    (1u << 0)   /* the page was mapped: a protection fault */
#define VM_FAULT_WRITE      (1u << 1)
#define VM_FAULT_USER       (1u << 2)   /* from user mode (else a kernel user copy) */
#define VM_FAULT_EXEC       (1u << 3)   /* an instruction fetch */

/* Resolve a fault at addr: 0 when the page is now mapped as the access
 * needs (demand zero or copy-on-write), -EFAULT when no region covers addr,
 * -EACCES when the region forbids the access, -ENOMEM when no frame is left. */
int vm_handle_fault(struct vm_space *space, vaddr_t addr, unsigned fault);

/* Write n bytes into space from kernel memory, whether or not space is
 * active and whatever the regions' protection (for loaders: exec fills a
 * read-only text segment). Frames are made on demand and copy-on-write is
 * broken. -EFAULT when part of the range is not in a region. */
int vm_space_write(struct vm_space *space, vaddr_t addr, const void *src, size_t n);

/* The region containing addr; 0 or -ENOENT. */
int vm_space_query(struct vm_space *space, vaddr_t addr, struct vm_region_info *out);
/* Fill up to max infos in address order; returns the number of regions. */
size_t vm_space_regions(struct vm_space *space, struct vm_region_info *out, size_t max);
void vm_space_usage(struct vm_space *space, struct vm_usage *out);
/* Print the region list (for crash reports). */
void vm_space_dump(struct vm_space *space);
#endif
