#include "kernel/spinlock.h"
#include "kernel/panic.h"

void spinlock_init(struct spinlock *l, const char *name)
{
    l->locked = 0;
    l->owner = 0;
    l->name = name;
}

irqflags_t spin_lock_irqsave(struct spinlock *l)
{
    irqflags_t flags = irq_save();
    if (l->locked && l->owner == this_cpu())
        panic("spinlock %s: taken twice by the same CPU", l->name);
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
        cpu_relax();
    l->owner = this_cpu();
    return flags;
}

void spin_unlock_irqrestore(struct spinlock *l, irqflags_t flags)
{
    ASSERT(spin_is_held(l));
    l->owner = 0;
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
    irq_restore(flags);
}

bool spin_is_held(const struct spinlock *l)
{
    return l->locked && l->owner == this_cpu();
}
