/* The finalizer: one kernel thread that frees dead threads and tears down
 * processes whose last thread died, outside their own context. */
#ifndef KERNEL_FINALIZER_H
#define KERNEL_FINALIZER_H
struct thread;
void finalizer_start(void);
/* Interrupts off. Queues a thread that is about to switch away for good. */
void finalizer_enqueue_thread(struct thread *t);
/* Blocks until the queue has been drained once (for tests). */
void finalizer_drain(void);
#endif
