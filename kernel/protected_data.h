/* Mutation scopes for a process's protected data page.
 *
 *     process_protected_unlock(p);
 *     process_protected_mut(p)->euid = 0;
 *     process_protected_lock(p);
 *
 * The page is read-only (the kernel runs with CR0.WP) except between an
 * unlock and its matching lock; scopes nest, and only the outermost pair
 * really flips the mapping. A stray kernel write outside a scope faults. */
#ifndef KERNEL_PROTECTED_DATA_H
#define KERNEL_PROTECTED_DATA_H
#include "kernel/process.h"

/* Allocates the page (zeroed, then made read-only); 0 or -ENOMEM. */
int process_protected_alloc(struct process *p);
/* Makes the page writable again and returns its frame. */
void process_protected_free(struct process *p);
void process_protected_unlock(struct process *p);
void process_protected_lock(struct process *p);
/* Writable view; only valid inside a scope (asserted). */
struct process_protected *process_protected_mut(struct process *p);
/* Whether the page is mapped writable right now (for tests). */
bool process_protected_is_writable(const struct process *p);
#endif
