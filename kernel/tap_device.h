/* /dev/tap: how the userland test suite reports into the kernel's one TAP
 * stream, so that kernel and userland tests share numbering and plan. */
#ifndef KERNEL_TAP_DEVICE_H
#define KERNEL_TAP_DEVICE_H
/* Registers the device; only in test mode. */
void tap_device_register(void);
#endif
