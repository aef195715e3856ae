/* A counter that threads can wait on: "wait until n things have finished". */
#ifndef KERNEL_COMPLETION_H
#define KERNEL_COMPLETION_H
#include <stdint.h>
#include "kernel/wait_queue.h"

struct completion {
    volatile unsigned done;
    struct wait_queue wq;
};

void completion_init(struct completion *c);
/* Counts one more finished thing and wakes the waiters. Callable from interrupts. */
void completion_signal(struct completion *c);
/* Waits until at least n have finished; 0, or -ETIMEDOUT (timeout_ns 0 = none). */
int completion_wait(struct completion *c, unsigned n, uint64_t timeout_ns);
#endif
