/* Parallel ATA disks on the two channels of a PCI IDE controller, in PIO
 * mode, each registered as a block device (hda, hdb, hdc, hdd) with its MBR
 * partitions. Commands complete by interrupt (IRQ 14/15 in compatibility
 * mode); every wait is bounded, and anything the drive refuses or fails to
 * answer in time is -EIO. */
#ifndef DRIVERS_ATA_H
#define DRIVERS_ATA_H
#include <stdbool.h>
#include <stdint.h>

struct block_device;

/* Finds the IDE controller, probes its four positions, registers the disks
 * found and their partitions. Returns the number of disks. Call once, after
 * interrupts and the scheduler are running. */
int ata_init(void);

struct ata_info {
    char model[41];
    uint64_t sectors;
    bool lba48;
    unsigned channel, position;     /* 0 primary / 1 secondary; 0 master / 1 slave */
    bool interrupts;                /* completion by IRQ (else bounded polling) */
};
/* Facts about the disk behind a whole-disk block device; -ENODEV if it is
 * not an ATA disk. */
int ata_get_info(struct block_device *bd, struct ata_info *out);
/* Counters for tests: commands issued and interrupts taken, all channels. */
void ata_get_counters(uint32_t *commands, uint32_t *irqs, uint32_t *errors);
#endif
