/* The 8254 PIT drives the scheduler tick and the monotonic clock. */
#include "arch/x86/interrupts.h"
#include "arch/x86/io.h"
#include "kernel/clock.h"
#include "kernel/panic.h"
#include <stddef.h>

#define PIT_CHANNEL0    0x40
#define PIT_COMMAND     0x43
#define PIT_INPUT_HZ    1193182u
#define PIT_MODE_RATE   0x34    /* channel 0, lobyte/hibyte, mode 2 (rate generator) */

static void pit_irq(struct trap_frame *f, void *ctx)
{
    (void)ctx;
    clock_tick(f);
}

void pit_init(unsigned hz)
{
    uint32_t divisor = PIT_INPUT_HZ / hz;
    outb(PIT_COMMAND, PIT_MODE_RATE);
    outb(PIT_CHANNEL0, divisor & 0xFF);
    outb(PIT_CHANNEL0, divisor >> 8);
    int rc = irq_register(0, pit_irq, NULL);
    if (rc < 0)
        panic("pit: cannot claim IRQ 0 (%d)", rc);
}
