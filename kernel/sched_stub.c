#include "kernel/sched_hooks.h"
void sched_on_tick(struct trap_frame *f) { (void)f; }
void sched_on_interrupt_exit(struct trap_frame *f) { (void)f; }
