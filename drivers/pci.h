/* PCI configuration space through the legacy I/O mechanism (ports 0xCF8 and
 * 0xCFC), and a table of the functions found on the buses at boot. */
#ifndef DRIVERS_PCI_H
#define DRIVERS_PCI_H
#include <stdbool.h>
#include <stdint.h>

#define PCI_CLASS_STORAGE       0x01
#define PCI_SUBCLASS_IDE        0x01

/* Configuration space offsets of the common header. */
#define PCI_CFG_VENDOR          0x00
#define PCI_CFG_DEVICE          0x02
#define PCI_CFG_COMMAND         0x04
#define PCI_CFG_REVISION        0x08
#define PCI_CFG_PROG_IF         0x09
#define PCI_CFG_SUBCLASS        0x0A
#define PCI_CFG_CLASS           0x0B
#define PCI_CFG_HEADER_TYPE     0x0E
#define PCI_CFG_BAR0            0x10
#define PCI_CFG_IRQ_LINE        0x3C

#define PCI_COMMAND_IO          0x1
#define PCI_COMMAND_MEMORY      0x2
#define PCI_COMMAND_BUS_MASTER  0x4

#define PCI_MAX_FUNCTIONS       64

struct pci_function {
    uint8_t bus, slot, func;
    uint16_t vendor, device;
    uint8_t class_code, subclass, prog_if, revision;
    uint8_t header_type;        /* without the multi-function bit */
    uint8_t irq_line;           /* as the firmware routed it; 0xFF = none */
    uint32_t bar[6];            /* raw values; only for header type 0 */
};

uint32_t pci_config_read32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset);
uint16_t pci_config_read16(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset);
uint8_t pci_config_read8(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset);
void pci_config_write32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset, uint32_t value);
void pci_config_write16(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset, uint16_t value);

/* Walks buses 0..255 once and fills the table; later calls do nothing. */
void pci_init(void);
unsigned pci_function_count(void);
const struct pci_function *pci_function_at(unsigned index);
/* The index-th function (0 = first) of a class and subclass, or NULL. */
const struct pci_function *pci_find_class(uint8_t class_code, uint8_t subclass, unsigned index);
/* An I/O BAR's port base, or 0 when the BAR is empty or maps memory. */
uint16_t pci_bar_io_port(const struct pci_function *fn, unsigned bar);
#endif
