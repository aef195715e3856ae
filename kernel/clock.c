/* Tick counting and time keeping. */
#include "kernel/clock.h"
#include "arch/x86/cpu.h"
#include "kernel/sched_hooks.h"

/* Written only by the timer interrupt; 64-bit, so readers retry on a torn read. */
static volatile uint64_t ticks;

void clock_tick(struct trap_frame *f)
{
    ticks++;
    sched_on_tick(f);
}

uint64_t clock_ticks(void)
{
    uint64_t a, b;
    do {
        a = ticks;
        b = ticks;
    } while (a != b);
    return a;
}

uint64_t clock_monotonic_ns(void) { return clock_ticks() * NSEC_PER_TICK; }

void clock_spin_ms(unsigned ms)
{
    uint64_t until = clock_ticks() + (uint64_t)ms * CLOCK_HZ / 1000 + 1;
    while (clock_ticks() < until)
        cpu_relax();
}
