/* Spinlocks that also disable interrupts on the local CPU. On one CPU the
 * interrupt part alone would do, but the lock word is real so that SMP can
 * come without touching any caller. Never sleep while holding one. */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H
#include <stdbool.h>
#include <stdint.h>
#include "arch/x86/cpu.h"
#include "arch/x86/percpu.h"

struct spinlock {
    volatile uint32_t locked;
    struct cpu *owner;      /* for holding assertions and self-deadlock checks */
    const char *name;
};

#define SPINLOCK_INIT(n) { .locked = 0, .owner = 0, .name = (n) }

void spinlock_init(struct spinlock *l, const char *name);
/* Disable interrupts, take the lock, return the previous interrupt state. */
irqflags_t spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, irqflags_t flags);
bool spin_is_held(const struct spinlock *l);

#define ASSERT_HELD(l) ASSERT(spin_is_held(l))
#endif
