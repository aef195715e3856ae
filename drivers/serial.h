/* 16550 UART serial ports. COM1 carries the kernel console and the test report. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H
#include <stddef.h>
#include <stdint.h>
#define COM1_PORT 0x3F8
void serial_init(uint16_t port);
void serial_write(uint16_t port, const char *s, size_t n);
#endif
