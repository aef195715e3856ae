/* 16550 UART serial ports. COM1 carries the kernel console and the test report. */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H
#include <stddef.h>
#include <stdint.h>
#define COM1_PORT 0x3F8
#define COM1_IRQ  4
void serial_init(uint16_t port);
/* Text: each '\n' goes out as "\r\n" (the kernel console). */
void serial_write(uint16_t port, const char *s, size_t n);
/* Bytes exactly as given (a terminal does its own output processing). */
void serial_write_raw(uint16_t port, const char *s, size_t n);
/* Interrupts on received data (the IRQ must have a handler first). */
void serial_enable_receive_interrupt(uint16_t port);
/* Reads up to max received bytes without waiting; returns how many. */
size_t serial_read_available(uint16_t port, char *buf, size_t max);
#endif
