/* One-shot kernel timers on the monotonic clock. Callbacks run in interrupt
 * context (from the timer tick) and must not sleep. */
#ifndef KERNEL_TIMER_H
#define KERNEL_TIMER_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/list.h"

struct ktimer {
    uint64_t deadline_ns;
    void (*fn)(struct ktimer *t, void *arg);
    void *arg;
    struct list_node node;  /* pending list, sorted by deadline (timer lock) */
};

void ktimer_init(struct ktimer *t);
/* (Re)arms the timer; a pending one is moved to the new deadline. */
void ktimer_arm(struct ktimer *t, uint64_t deadline_ns, void (*fn)(struct ktimer *, void *), void *arg);
/* Returns whether it was still pending. After return the callback will not start. */
bool ktimer_cancel(struct ktimer *t);
/* From the tick: runs every expired timer. Interrupts off. */
void ktimer_run_expired(uint64_t now_ns);
#endif
