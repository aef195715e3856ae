/* 8259A PIC pair, remapped so IRQs 0..15 arrive on vectors 32..47 instead of
 * colliding with CPU exceptions. */
#include "arch/x86/pic.h"
#include "arch/x86/interrupts.h"
#include "arch/x86/io.h"
#include "kernel/spinlock.h"

#define PIC1_CMD    0x20
#define PIC1_DATA   0x21
#define PIC2_CMD    0xA0
#define PIC2_DATA   0xA1
#define PIC_EOI     0x20
#define ICW1_INIT   0x11    /* edge triggered, cascade, ICW4 follows */
#define ICW4_8086   0x01
#define OCW3_READ_ISR 0x0B

/* Protects the mask registers, which are read-modify-written. */
static struct spinlock pic_lock = SPINLOCK_INIT("pic");

void pic_init(void)
{
    outb(PIC1_CMD, ICW1_INIT); io_wait();
    outb(PIC2_CMD, ICW1_INIT); io_wait();
    outb(PIC1_DATA, IRQ_BASE_VECTOR); io_wait();        /* master vector base */
    outb(PIC2_DATA, IRQ_BASE_VECTOR + 8); io_wait();    /* slave vector base */
    outb(PIC1_DATA, 1 << 2); io_wait();                 /* slave on IRQ 2 */
    outb(PIC2_DATA, 2); io_wait();                      /* slave cascade identity */
    outb(PIC1_DATA, ICW4_8086); io_wait();
    outb(PIC2_DATA, ICW4_8086); io_wait();
    /* Everything masked except the cascade line; drivers unmask their own. */
    outb(PIC1_DATA, 0xFF & ~(1 << 2));
    outb(PIC2_DATA, 0xFF);
}

static void pic_set_mask_bit(unsigned irq, bool masked)
{
    uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
    uint8_t bit = 1u << (irq & 7);
    irqflags_t fl = spin_lock_irqsave(&pic_lock);
    uint8_t v = inb(port);
    outb(port, masked ? (v | bit) : (v & ~bit));
    spin_unlock_irqrestore(&pic_lock, fl);
}

void pic_mask(unsigned irq) { pic_set_mask_bit(irq, true); }
void pic_unmask(unsigned irq) { pic_set_mask_bit(irq, false); }

void pic_eoi(unsigned irq)
{
    if (irq >= 8)
        outb(PIC2_CMD, PIC_EOI);
    outb(PIC1_CMD, PIC_EOI);
}

bool pic_is_spurious(unsigned irq)
{
    if (irq != 7 && irq != 15)
        return false;
    uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
    outb(cmd, OCW3_READ_ISR);
    if (inb(cmd) & 0x80)
        return false;
    /* A spurious IRQ 15 still needs the master acknowledged for the cascade. */
    if (irq == 15)
        outb(PIC1_CMD, PIC_EOI);
    return true;
}
