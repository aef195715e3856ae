/* power(cmd): switch the machine off or restart it. Only root may; the
 * call does not return on success. */
#ifndef KERNEL_API_POWER_H
#define KERNEL_API_POWER_H

#define POWER_OFF    1
#define POWER_REBOOT 2

#endif
