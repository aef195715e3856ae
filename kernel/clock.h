/* The monotonic clock, counted in timer ticks since boot. */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H
#include <stdint.h>
#include "arch/x86/trap_frame.h"

#define CLOCK_HZ        1000
#define NSEC_PER_SEC    1000000000ull
#define NSEC_PER_TICK   (NSEC_PER_SEC / CLOCK_HZ)

void pit_init(unsigned hz);
/* Called from the timer interrupt, interrupts off. */
void clock_tick(struct trap_frame *f);
uint64_t clock_ticks(void);
/* Nanoseconds since boot; resolution is one tick. */
uint64_t clock_monotonic_ns(void);
/* Nanoseconds since 1970 (UTC), from the RTC at boot plus the monotonic clock. */
uint64_t clock_realtime_ns(void);
void clock_set_boot_epoch(int64_t seconds);
/* Busy-wait, for use before the scheduler runs and in drivers' resets. */
void clock_spin_ms(unsigned ms);
#endif
