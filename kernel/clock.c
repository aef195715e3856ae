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

/* Wall-clock seconds at boot, from the RTC; realtime = that + monotonic. */
static int64_t boot_epoch_seconds;

void clock_set_boot_epoch(int64_t seconds) { boot_epoch_seconds = seconds; }

uint64_t clock_realtime_ns(void)
{
    return (uint64_t)boot_epoch_seconds * NSEC_PER_SEC + clock_monotonic_ns();
}
