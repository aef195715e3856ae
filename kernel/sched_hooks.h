/* The points where interrupt handling hands control to the scheduler. */
#ifndef KERNEL_SCHED_HOOKS_H
#define KERNEL_SCHED_HOOKS_H
#include "arch/x86/trap_frame.h"
/* Timer interrupt: account the tick, maybe ask for a reschedule. */
void sched_on_tick(struct trap_frame *f);
/* Last thing before returning from any interrupt: preempt, deliver signals. */
void sched_on_interrupt_exit(struct trap_frame *f);
#endif
