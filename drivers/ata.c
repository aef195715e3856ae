/* PIO ATA. One command at a time per channel (the channel mutex); the data
 * phase of each sector waits for the drive's interrupt, with a deadline, and
 * falls back to reading the status when the interrupt is late. */
#include "drivers/ata.h"
#include "arch/x86/interrupts.h"
#include "arch/x86/io.h"
#include "drivers/block.h"
#include "drivers/pci.h"
#include "kernel/clock.h"
#include "kernel/errno.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/wait_queue.h"
#include <string.h>

/* Task-file registers, from the command block base. */
#define ATA_REG_DATA        0
#define ATA_REG_ERROR       1
#define ATA_REG_FEATURES    1
#define ATA_REG_COUNT       2
#define ATA_REG_LBA0        3
#define ATA_REG_LBA1        4
#define ATA_REG_LBA2        5
#define ATA_REG_DEVICE      6
#define ATA_REG_STATUS      7
#define ATA_REG_COMMAND     7
/* From the control block base. */
#define ATA_REG_ALTSTATUS   0
#define ATA_REG_CONTROL     0

#define ATA_SR_BSY          0x80
#define ATA_SR_DRDY         0x40
#define ATA_SR_DF           0x20
#define ATA_SR_DRQ          0x08
#define ATA_SR_ERR          0x01

#define ATA_CTL_NIEN        0x02
#define ATA_CTL_SRST        0x04

#define ATA_CMD_READ        0x20
#define ATA_CMD_READ_EXT    0x24
#define ATA_CMD_WRITE       0x30
#define ATA_CMD_WRITE_EXT   0x34
#define ATA_CMD_FLUSH       0xE7
#define ATA_CMD_FLUSH_EXT   0xEA
#define ATA_CMD_IDENTIFY    0xEC

#define ATA_SECTOR          512
#define ATA_MAX_PER_CMD     128
#define ATA_LBA28_LIMIT     (1u << 28)

#define ATA_IRQ_TIMEOUT_NS  (5ull * NSEC_PER_SEC)
#define ATA_BUSY_TIMEOUT_MS 5000
/* A backstop for polls in case the clock does not advance (interrupts off). */
#define ATA_POLL_MAX_SPINS  50000000u

struct ata_channel;

struct ata_drive {
    struct ata_channel *channel;
    unsigned position;              /* 0 master, 1 slave */
    bool present;
    bool lba48;
    uint64_t sectors;
    char model[41];
    struct block_device bdev;
};

struct ata_channel {
    unsigned index;
    uint16_t io, ctrl;
    unsigned irq;
    bool use_irq;
    /* Protects the channel's registers and `selected`: one command at a
     * time, and a drive selection stays valid for the whole command. */
    struct mutex lock;
    int selected;                   /* drive last selected, -1 unknown */
    struct wait_queue irq_wq;       /* woken by the interrupt handler */
    volatile uint32_t irq_count;    /* interrupts taken; written only by the handler */
    struct ata_drive drives[2];
};

static struct ata_channel ata_channels[2];
/* Statistics; updated with atomic increments. */
static uint32_t ata_stat_commands, ata_stat_irqs, ata_stat_errors;

static const struct block_device_ops ata_block_ops;

/* ---- low-level helpers --------------------------------------------------- */

static uint8_t ata_altstatus(struct ata_channel *ch) { return inb(ch->ctrl + ATA_REG_ALTSTATUS); }

/* The drive needs 400 ns after a selection or command before its status
 * means anything; each alternate-status read takes at least 100 ns. */
static void ata_delay400(struct ata_channel *ch)
{
    for (int i = 0; i < 5; i++)
        (void)ata_altstatus(ch);
}

/* Polls until (status & mask) == want, with a deadline. Returns the last
 * status, or -EIO (with a message) on timeout. */
static int ata_poll(struct ata_channel *ch, uint8_t mask, uint8_t want, unsigned timeout_ms,
                    const char *what)
{
    uint64_t deadline = clock_monotonic_ns() + (uint64_t)timeout_ms * 1000000ull;
    uint8_t st = 0;
    for (uint32_t spins = 0; spins < ATA_POLL_MAX_SPINS; spins++) {
        st = ata_altstatus(ch);
        if ((st & mask) == want)
            return st;
        if ((spins & 255) == 255 && clock_monotonic_ns() > deadline)
            break;
    }
    printk("ata%u: timed out waiting for %s (status %02x)\n", ch->index, what, st);
    return -EIO;
}

static void ata_soft_reset(struct ata_channel *ch)
{
    outb(ch->ctrl + ATA_REG_CONTROL, ATA_CTL_SRST | ATA_CTL_NIEN);
    clock_spin_ms(1);
    outb(ch->ctrl + ATA_REG_CONTROL, ch->use_irq ? 0 : ATA_CTL_NIEN);
    clock_spin_ms(2);
    (void)ata_poll(ch, ATA_SR_BSY, 0, ATA_BUSY_TIMEOUT_MS, "reset");
    ch->selected = -1;
}

static int ata_select(struct ata_channel *ch, unsigned position, uint8_t device_bits)
{
    outb(ch->io + ATA_REG_DEVICE, (uint8_t)(device_bits | (position << 4)));
    ata_delay400(ch);
    ch->selected = (int)position;
    int st = ata_poll(ch, ATA_SR_BSY | ATA_SR_DRQ, 0, ATA_BUSY_TIMEOUT_MS, "the drive to be idle");
    return st < 0 ? st : 0;
}

struct ata_irq_wait {
    struct ata_channel *ch;
    uint32_t seen;
};

static int ata_irq_arrived(void *arg)
{
    struct ata_irq_wait *w = arg;
    return w->ch->irq_count != w->seen;
}

/* Waits for the interrupt that follows `seen`, then for BSY to clear.
 * Returns the status register (reading it acknowledges the drive) or -EIO. */
static int ata_wait_irq(struct ata_channel *ch, uint32_t seen, const char *what)
{
    if (ch->use_irq) {
        struct ata_irq_wait w = { ch, seen };
        int rc = wait_queue_wait(&ch->irq_wq, ata_irq_arrived, &w, ATA_IRQ_TIMEOUT_NS, 0);
        if (rc == -ETIMEDOUT) {
            /* A lost edge is survivable if the drive is in fact done. */
            uint8_t st = ata_altstatus(ch);
            if (st & ATA_SR_BSY) {
                printk("ata%u: no interrupt for %s (status %02x)\n", ch->index, what, st);
                return -EIO;
            }
            printk("ata%u: interrupt for %s is late; continuing on status %02x\n", ch->index, what, st);
        }
    }
    int st = ata_poll(ch, ATA_SR_BSY, 0, ATA_BUSY_TIMEOUT_MS, what);
    if (st < 0)
        return st;
    return inb(ch->io + ATA_REG_STATUS);
}

static void ata_irq_handler(struct trap_frame *frame, void *ctx)
{
    (void)frame;
    struct ata_channel *ch = ctx;
    /* Reading the status register is what lowers the drive's INTRQ. */
    (void)inb(ch->io + ATA_REG_STATUS);
    __atomic_add_fetch(&ch->irq_count, 1, __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&ata_stat_irqs, 1, __ATOMIC_RELAXED);
    wait_queue_wake_all(&ch->irq_wq);
}

static int ata_fail(struct ata_drive *d, const char *what, uint64_t lba, int status)
{
    struct ata_channel *ch = d->channel;
    uint8_t err = inb(ch->io + ATA_REG_ERROR);
    __atomic_add_fetch(&ata_stat_errors, 1, __ATOMIC_RELAXED);
    if (status >= 0)
        printk("%s: %s at sector %llu failed: status %02x error %02x\n", d->bdev.name, what,
               (unsigned long long)lba, (unsigned)status, err);
    else
        printk("%s: %s at sector %llu failed: no answer\n", d->bdev.name, what, (unsigned long long)lba);
    if (status < 0 || (status & (ATA_SR_BSY | ATA_SR_DRQ)))
        ata_soft_reset(ch);
    return -EIO;
}

/* Channel lock held. Loads the task file and issues a read or write. */
static int ata_issue_rw(struct ata_drive *d, uint64_t lba, uint32_t count, bool write)
{
    struct ata_channel *ch = d->channel;
    ASSERT_MUTEX_HELD(&ch->lock);
    ASSERT(count >= 1 && count <= ATA_MAX_PER_CMD);
    bool ext = lba + count > ATA_LBA28_LIMIT;
    if (ext && !d->lba48)
        return -EIO;
    int rc = ata_select(ch, d->position, ext ? 0x40 : (uint8_t)(0xE0 | ((lba >> 24) & 0x0F)));
    if (rc < 0)
        return rc;
    if (ext) {
        /* The high-order bytes go first: each register is a two-deep FIFO. */
        outb(ch->io + ATA_REG_COUNT, (uint8_t)(count >> 8));
        outb(ch->io + ATA_REG_LBA0, (uint8_t)(lba >> 24));
        outb(ch->io + ATA_REG_LBA1, (uint8_t)(lba >> 32));
        outb(ch->io + ATA_REG_LBA2, (uint8_t)(lba >> 40));
    }
    outb(ch->io + ATA_REG_COUNT, (uint8_t)count);
    outb(ch->io + ATA_REG_LBA0, (uint8_t)lba);
    outb(ch->io + ATA_REG_LBA1, (uint8_t)(lba >> 8));
    outb(ch->io + ATA_REG_LBA2, (uint8_t)(lba >> 16));
    uint8_t cmd = write ? (ext ? ATA_CMD_WRITE_EXT : ATA_CMD_WRITE) : (ext ? ATA_CMD_READ_EXT : ATA_CMD_READ);
    outb(ch->io + ATA_REG_COMMAND, cmd);
    __atomic_add_fetch(&ata_stat_commands, 1, __ATOMIC_RELAXED);
    return 0;
}

static int ata_read_chunk(struct ata_drive *d, uint64_t lba, uint32_t count, uint8_t *buf)
{
    struct ata_channel *ch = d->channel;
    uint32_t seen = ch->irq_count;
    int rc = ata_issue_rw(d, lba, count, false);
    if (rc < 0)
        return ata_fail(d, "read", lba, rc);
    for (uint32_t i = 0; i < count; i++) {
        int st = ata_wait_irq(ch, seen, "a read");
        seen = ch->irq_count;
        if (st < 0 || (st & (ATA_SR_ERR | ATA_SR_DF)) || !(st & ATA_SR_DRQ))
            return ata_fail(d, "read", lba + i, st);
        uint16_t *words = (uint16_t *)(buf + (size_t)i * ATA_SECTOR);
        __asm__ volatile("cld; rep insw"
                         : "+D"(words), "=m"(*(uint8_t(*)[ATA_SECTOR])words)
                         : "d"((uint16_t)(ch->io + ATA_REG_DATA)), "c"(ATA_SECTOR / 2)
                         : "memory");
    }
    return 0;
}

static int ata_write_chunk(struct ata_drive *d, uint64_t lba, uint32_t count, const uint8_t *buf)
{
    struct ata_channel *ch = d->channel;
    uint32_t seen = ch->irq_count;
    int rc = ata_issue_rw(d, lba, count, true);
    if (rc < 0)
        return ata_fail(d, "write", lba, rc);
    /* The first sector is asked for without an interrupt. */
    ata_delay400(ch);
    int st = ata_poll(ch, ATA_SR_BSY | ATA_SR_DRQ, ATA_SR_DRQ, ATA_BUSY_TIMEOUT_MS, "write data request");
    if (st >= 0)
        st = inb(ch->io + ATA_REG_STATUS);
    for (uint32_t i = 0; i < count; i++) {
        if (st < 0 || (st & (ATA_SR_ERR | ATA_SR_DF)) || !(st & ATA_SR_DRQ))
            return ata_fail(d, "write", lba + i, st);
        const uint16_t *words = (const uint16_t *)(buf + (size_t)i * ATA_SECTOR);
        __asm__ volatile("cld; rep outsw"
                         : "+S"(words)
                         : "d"((uint16_t)(ch->io + ATA_REG_DATA)), "c"(ATA_SECTOR / 2),
                           "m"(*(const uint8_t(*)[ATA_SECTOR])words)
                         : "memory");
        st = ata_wait_irq(ch, seen, "a write");
        seen = ch->irq_count;
    }
    if (st < 0 || (st & (ATA_SR_ERR | ATA_SR_DF | ATA_SR_DRQ)))
        return ata_fail(d, "write", lba + count - 1, st);
    return 0;
}

/* ---- block device operations --------------------------------------------- */

static int ata_bd_read(struct block_device *bd, uint64_t sector, uint32_t count, void *buf)
{
    struct ata_drive *d = bd->private_data;
    struct ata_channel *ch = d->channel;
    int rc = 0;
    mutex_lock(&ch->lock);
    for (uint32_t done = 0; done < count && rc == 0;) {
        uint32_t n = count - done < ATA_MAX_PER_CMD ? count - done : ATA_MAX_PER_CMD;
        rc = ata_read_chunk(d, sector + done, n, (uint8_t *)buf + (size_t)done * ATA_SECTOR);
        done += n;
    }
    mutex_unlock(&ch->lock);
    return rc;
}

static int ata_bd_write(struct block_device *bd, uint64_t sector, uint32_t count, const void *buf)
{
    struct ata_drive *d = bd->private_data;
    struct ata_channel *ch = d->channel;
    int rc = 0;
    mutex_lock(&ch->lock);
    for (uint32_t done = 0; done < count && rc == 0;) {
        uint32_t n = count - done < ATA_MAX_PER_CMD ? count - done : ATA_MAX_PER_CMD;
        rc = ata_write_chunk(d, sector + done, n, (const uint8_t *)buf + (size_t)done * ATA_SECTOR);
        done += n;
    }
    mutex_unlock(&ch->lock);
    return rc;
}

static int ata_bd_flush(struct block_device *bd)
{
    struct ata_drive *d = bd->private_data;
    struct ata_channel *ch = d->channel;
    mutex_lock(&ch->lock);
    uint32_t seen = ch->irq_count;
    int rc = ata_select(ch, d->position, 0xE0);
    if (rc == 0) {
        outb(ch->io + ATA_REG_COMMAND, d->lba48 ? ATA_CMD_FLUSH_EXT : ATA_CMD_FLUSH);
        __atomic_add_fetch(&ata_stat_commands, 1, __ATOMIC_RELAXED);
        int st = ata_wait_irq(ch, seen, "a cache flush");
        if (st < 0 || (st & (ATA_SR_ERR | ATA_SR_DF)))
            rc = ata_fail(d, "cache flush", 0, st);
    } else {
        rc = ata_fail(d, "cache flush", 0, rc);
    }
    mutex_unlock(&ch->lock);
    return rc;
}

static const struct block_device_ops ata_block_ops = {
    .read = ata_bd_read,
    .write = ata_bd_write,
    .flush = ata_bd_flush,
};

/* ---- probing --------------------------------------------------------------- */

static void ata_copy_model(char *out, const uint16_t *id)
{
    for (unsigned i = 0; i < 20; i++) {
        out[2 * i] = (char)(id[27 + i] >> 8);
        out[2 * i + 1] = (char)id[27 + i];
    }
    out[40] = 0;
    for (int i = 39; i >= 0 && (out[i] == ' ' || out[i] == 0); i--)
        out[i] = 0;
}

/* Channel lock held, interrupts from the drive disabled (nIEN): IDENTIFY by
 * polling. Fills d and returns true for an ATA disk. */
static bool ata_identify(struct ata_channel *ch, struct ata_drive *d)
{
    ASSERT_MUTEX_HELD(&ch->lock);
    outb(ch->io + ATA_REG_DEVICE, (uint8_t)(0xA0 | (d->position << 4)));
    ata_delay400(ch);
    ch->selected = (int)d->position;
    outb(ch->io + ATA_REG_COUNT, 0);
    outb(ch->io + ATA_REG_LBA0, 0);
    outb(ch->io + ATA_REG_LBA1, 0);
    outb(ch->io + ATA_REG_LBA2, 0);
    outb(ch->io + ATA_REG_COMMAND, ATA_CMD_IDENTIFY);
    ata_delay400(ch);
    if (ata_altstatus(ch) == 0)
        return false;                           /* nothing there */
    if (ata_poll(ch, ATA_SR_BSY, 0, 1000, "IDENTIFY") < 0)
        return false;
    /* Packet (ATAPI) and SATA devices abort with a signature instead. */
    if (inb(ch->io + ATA_REG_LBA1) != 0 || inb(ch->io + ATA_REG_LBA2) != 0)
        return false;
    int st = ata_poll(ch, ATA_SR_DRQ | ATA_SR_ERR, ATA_SR_DRQ, 1000, "IDENTIFY data");
    if (st < 0)
        return false;
    uint16_t id[256];
    for (unsigned i = 0; i < 256; i++)
        id[i] = inw(ch->io + ATA_REG_DATA);
    (void)inb(ch->io + ATA_REG_STATUS);
    if (id[0] & 0x8000)
        return false;                           /* not an ATA device */
    if (!(id[49] & (1u << 9))) {
        printk("ata%u.%u: drive without LBA; ignored\n", ch->index, d->position);
        return false;
    }
    d->lba48 = (id[83] & (1u << 10)) != 0;
    uint64_t lba28 = (uint64_t)id[60] | ((uint64_t)id[61] << 16);
    uint64_t lba48 = (uint64_t)id[100] | ((uint64_t)id[101] << 16) | ((uint64_t)id[102] << 32) |
                     ((uint64_t)id[103] << 48);
    d->sectors = d->lba48 && lba48 ? lba48 : lba28;
    ata_copy_model(d->model, id);
    return d->sectors != 0;
}

static int ata_register_drive(struct ata_drive *d)
{
    struct ata_channel *ch = d->channel;
    unsigned n = ch->index * 2 + d->position;
    struct block_device *bd = &d->bdev;
    memset(bd, 0, sizeof(*bd));
    bd->name[0] = 'h';
    bd->name[1] = 'd';
    bd->name[2] = (char)('a' + n);
    bd->sector_size = ATA_SECTOR;
    bd->sector_count = d->sectors;
    /* Linux's numbers: major 3 for the first channel, 22 for the second. */
    bd->major = ch->index == 0 ? 3 : 22;
    bd->minor = d->position * 64;
    bd->ops = &ata_block_ops;
    bd->private_data = d;
    list_init(&bd->node);
    int rc = block_register(bd);
    if (rc < 0) {
        printk("%s: cannot register: error %d\n", bd->name, rc);
        return rc;
    }
    printk("%s: ATA disk \"%s\", %llu sectors (%llu MiB)%s, %s\n", bd->name, d->model,
           (unsigned long long)d->sectors, (unsigned long long)(d->sectors / 2048),
           d->lba48 ? ", LBA48" : "", ch->use_irq ? "IRQ driven" : "polled");
    block_scan_partitions(bd);
    return 0;
}

static int ata_probe_channel(struct ata_channel *ch)
{
    /* No drive: the bus floats and every status bit reads as one. */
    if (inb(ch->io + ATA_REG_STATUS) == 0xFF)
        return 0;
    mutex_lock(&ch->lock);
    outb(ch->ctrl + ATA_REG_CONTROL, ATA_CTL_NIEN);
    unsigned found = 0;
    for (unsigned pos = 0; pos < 2; pos++) {
        struct ata_drive *d = &ch->drives[pos];
        d->channel = ch;
        d->position = pos;
        d->present = ata_identify(ch, d);
        found += d->present;
    }
    if (found) {
        int rc = irq_register(ch->irq, ata_irq_handler, ch);
        ch->use_irq = rc == 0;
        if (rc < 0)
            printk("ata%u: IRQ %u unavailable (error %d); polling\n", ch->index, ch->irq, rc);
        (void)inb(ch->io + ATA_REG_STATUS);
        outb(ch->ctrl + ATA_REG_CONTROL, ch->use_irq ? 0 : ATA_CTL_NIEN);
    }
    mutex_unlock(&ch->lock);
    int registered = 0;
    for (unsigned pos = 0; pos < 2; pos++) {
        if (ch->drives[pos].present && ata_register_drive(&ch->drives[pos]) == 0)
            registered++;
    }
    return registered;
}

int ata_init(void)
{
    pci_init();
    const struct pci_function *fn = pci_find_class(PCI_CLASS_STORAGE, PCI_SUBCLASS_IDE, 0);
    if (!fn) {
        printk("ata: no IDE controller\n");
        return 0;
    }
    static const uint16_t legacy_io[2] = { 0x1F0, 0x170 };
    static const uint16_t legacy_ctrl[2] = { 0x3F6, 0x376 };
    static const unsigned legacy_irq[2] = { 14, 15 };
    int disks = 0;
    for (unsigned c = 0; c < 2; c++) {
        struct ata_channel *ch = &ata_channels[c];
        ch->index = c;
        ch->io = legacy_io[c];
        ch->ctrl = legacy_ctrl[c];
        ch->irq = legacy_irq[c];
        /* prog-if bit 0 (primary) / bit 2 (secondary): native PCI mode,
         * with the ports in the BARs and the PCI interrupt line. */
        if (fn->prog_if & (1u << (2 * c))) {
            uint16_t io = pci_bar_io_port(fn, 2 * c), ctrl = pci_bar_io_port(fn, 2 * c + 1);
            if (!io || !ctrl || fn->irq_line >= IRQ_COUNT) {
                printk("ata%u: native mode without usable resources; skipped\n", c);
                continue;
            }
            ch->io = io;
            ch->ctrl = (uint16_t)(ctrl + 2);
            ch->irq = fn->irq_line;
        }
        ch->selected = -1;
        mutex_init(&ch->lock, c == 0 ? "ata0" : "ata1");
        wait_queue_init(&ch->irq_wq, "ata-irq");
        disks += ata_probe_channel(ch);
    }
    return disks;
}

int ata_get_info(struct block_device *bd, struct ata_info *out)
{
    if (bd->ops != &ata_block_ops)
        return -ENODEV;
    struct ata_drive *d = bd->private_data;
    memcpy(out->model, d->model, sizeof(out->model));
    out->sectors = d->sectors;
    out->lba48 = d->lba48;
    out->channel = d->channel->index;
    out->position = d->position;
    out->interrupts = d->channel->use_irq;
    return 0;
}

void ata_get_counters(uint32_t *commands, uint32_t *irqs, uint32_t *errors)
{
    *commands = __atomic_load_n(&ata_stat_commands, __ATOMIC_RELAXED);
    *irqs = __atomic_load_n(&ata_stat_irqs, __ATOMIC_RELAXED);
    *errors = __atomic_load_n(&ata_stat_errors, __ATOMIC_RELAXED);
}
