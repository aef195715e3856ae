/* PCI enumeration over configuration mechanism #1. */
#include "drivers/pci.h"
#include "arch/x86/io.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"

#define PCI_CONFIG_ADDRESS  0xCF8
#define PCI_CONFIG_DATA     0xCFC

/* Protects the address/data port pair: a configuration access is two port
 * operations that must not interleave with another. */
static struct spinlock pci_config_lock = SPINLOCK_INIT("pci-config");

/* Written once by pci_init before any reader exists; read-only afterwards. */
static struct pci_function pci_functions[PCI_MAX_FUNCTIONS];
static unsigned pci_nfunctions;
static bool pci_scanned;

static uint32_t pci_address(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset)
{
    ASSERT(slot < 32 && func < 8);
    return 0x80000000u | ((uint32_t)bus << 16) | ((uint32_t)slot << 11) | ((uint32_t)func << 8) |
           (offset & 0xFCu);
}

uint32_t pci_config_read32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset)
{
    irqflags_t fl = spin_lock_irqsave(&pci_config_lock);
    outl(PCI_CONFIG_ADDRESS, pci_address(bus, slot, func, offset));
    uint32_t v = inl(PCI_CONFIG_DATA);
    spin_unlock_irqrestore(&pci_config_lock, fl);
    return v;
}

uint16_t pci_config_read16(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset)
{
    return (uint16_t)(pci_config_read32(bus, slot, func, offset) >> ((offset & 2) * 8));
}

uint8_t pci_config_read8(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset)
{
    return (uint8_t)(pci_config_read32(bus, slot, func, offset) >> ((offset & 3) * 8));
}

void pci_config_write32(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset, uint32_t value)
{
    irqflags_t fl = spin_lock_irqsave(&pci_config_lock);
    outl(PCI_CONFIG_ADDRESS, pci_address(bus, slot, func, offset));
    outl(PCI_CONFIG_DATA, value);
    spin_unlock_irqrestore(&pci_config_lock, fl);
}

void pci_config_write16(uint8_t bus, uint8_t slot, uint8_t func, uint8_t offset, uint16_t value)
{
    /* A read-modify-write of the dword under one lock hold, so that the
     * other half is not overwritten with a stale value. */
    irqflags_t fl = spin_lock_irqsave(&pci_config_lock);
    outl(PCI_CONFIG_ADDRESS, pci_address(bus, slot, func, offset));
    uint32_t v = inl(PCI_CONFIG_DATA);
    unsigned shift = (offset & 2) * 8;
    v = (v & ~(0xFFFFu << shift)) | ((uint32_t)value << shift);
    outl(PCI_CONFIG_DATA, v);
    spin_unlock_irqrestore(&pci_config_lock, fl);
}

static void pci_record(uint8_t bus, uint8_t slot, uint8_t func)
{
    if (pci_nfunctions == PCI_MAX_FUNCTIONS) {
        printk("pci: more than %u functions; ignoring %02x:%02x.%u\n", PCI_MAX_FUNCTIONS, bus, slot, func);
        return;
    }
    struct pci_function *fn = &pci_functions[pci_nfunctions++];
    uint32_t id = pci_config_read32(bus, slot, func, PCI_CFG_VENDOR);
    uint32_t cls = pci_config_read32(bus, slot, func, PCI_CFG_REVISION);
    fn->bus = bus;
    fn->slot = slot;
    fn->func = func;
    fn->vendor = (uint16_t)id;
    fn->device = (uint16_t)(id >> 16);
    fn->revision = (uint8_t)cls;
    fn->prog_if = (uint8_t)(cls >> 8);
    fn->subclass = (uint8_t)(cls >> 16);
    fn->class_code = (uint8_t)(cls >> 24);
    fn->header_type = pci_config_read8(bus, slot, func, PCI_CFG_HEADER_TYPE) & 0x7F;
    fn->irq_line = pci_config_read8(bus, slot, func, PCI_CFG_IRQ_LINE);
    if (fn->header_type == 0) {
        for (unsigned i = 0; i < 6; i++)
            fn->bar[i] = pci_config_read32(bus, slot, func, (uint8_t)(PCI_CFG_BAR0 + 4 * i));
    }
    printk("pci: %02x:%02x.%u %04x:%04x class %02x.%02x.%02x irq %u\n", bus, slot, func, fn->vendor,
           fn->device, fn->class_code, fn->subclass, fn->prog_if, fn->irq_line);
}

void pci_init(void)
{
    if (pci_scanned)
        return;
    pci_scanned = true;
    /* Every bus is probed rather than following bridges: 256 * 32 reads of
     * an absent slot are cheap, and it finds devices behind bridges the
     * firmware numbered without us having to understand them. */
    for (unsigned bus = 0; bus < 256; bus++) {
        for (uint8_t slot = 0; slot < 32; slot++) {
            if (pci_config_read16((uint8_t)bus, slot, 0, PCI_CFG_VENDOR) == 0xFFFF)
                continue;
            bool multi = pci_config_read8((uint8_t)bus, slot, 0, PCI_CFG_HEADER_TYPE) & 0x80;
            for (uint8_t func = 0; func < (multi ? 8 : 1); func++) {
                if (pci_config_read16((uint8_t)bus, slot, func, PCI_CFG_VENDOR) != 0xFFFF)
                    pci_record((uint8_t)bus, slot, func);
            }
        }
    }
}

unsigned pci_function_count(void) { return pci_nfunctions; }

const struct pci_function *pci_function_at(unsigned index)
{
    return index < pci_nfunctions ? &pci_functions[index] : NULL;
}

const struct pci_function *pci_find_class(uint8_t class_code, uint8_t subclass, unsigned index)
{
    for (unsigned i = 0; i < pci_nfunctions; i++) {
        const struct pci_function *fn = &pci_functions[i];
        if (fn->class_code == class_code && fn->subclass == subclass && index-- == 0)
            return fn;
    }
    return NULL;
}

uint16_t pci_bar_io_port(const struct pci_function *fn, unsigned bar)
{
    ASSERT(bar < 6);
    uint32_t v = fn->bar[bar];
    if (!(v & 1))
        return 0;
    return (uint16_t)(v & 0xFFFCu);
}
