/* 16550 UARTs: polled output, and received bytes for an interrupt handler
 * (the terminal side is drivers/tty/serial_tty.c). */
#include "drivers/serial.h"
#include "arch/x86/io.h"

#define UART_DATA       0
#define UART_IER        1
#define UART_FCR        2
#define UART_LCR        3
#define UART_MCR        4
#define UART_LSR        5
#define LSR_DATA_READY  0x01
#define LSR_TX_EMPTY    0x20
#define IER_RX_DATA     0x01
#define LCR_DLAB        0x80
#define LCR_8N1         0x03

void serial_init(uint16_t port)
{
    outb(port + UART_IER, 0x00);        /* no interrupts yet */
    outb(port + UART_LCR, LCR_DLAB);    /* divisor latch access */
    outb(port + UART_DATA, 1);          /* divisor 1: 115200 baud */
    outb(port + UART_IER, 0);
    outb(port + UART_LCR, LCR_8N1);
    outb(port + UART_FCR, 0xC7);        /* enable and clear FIFOs, 14-byte threshold */
    outb(port + UART_MCR, 0x0B);        /* DTR, RTS, OUT2 */
}

static void serial_putc(uint16_t port, char c)
{
    /* Bounded wait: a missing UART must not hang the kernel's console. */
    for (int i = 0; i < 100000 && !(inb(port + UART_LSR) & LSR_TX_EMPTY); i++)
        ;
    outb(port + UART_DATA, (uint8_t)c);
}

void serial_write(uint16_t port, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\n')
            serial_putc(port, '\r');
        serial_putc(port, s[i]);
    }
}

void serial_write_raw(uint16_t port, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        serial_putc(port, s[i]);
}

void serial_enable_receive_interrupt(uint16_t port)
{
    /* Drain whatever arrived before anyone listened. */
    for (int i = 0; i < 64 && (inb(port + UART_LSR) & LSR_DATA_READY); i++)
        (void)inb(port + UART_DATA);
    outb(port + UART_IER, IER_RX_DATA);
}

size_t serial_read_available(uint16_t port, char *buf, size_t max)
{
    size_t n = 0;
    while (n < max && (inb(port + UART_LSR) & LSR_DATA_READY))
        buf[n++] = (char)inb(port + UART_DATA);
    return n;
}
