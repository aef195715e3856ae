/* The classic PC partition table (MBR): parsing, kept free of kernel
 * services so that the host tests can feed it arbitrary sectors. */
#ifndef DRIVERS_BLOCK_MBR_H
#define DRIVERS_BLOCK_MBR_H
#include <stdint.h>

#define MBR_ENTRIES             4
#define MBR_TYPE_EMPTY          0x00
#define MBR_TYPE_GPT_PROTECTIVE 0xEE

struct mbr_partition {
    uint8_t type;           /* MBR_TYPE_EMPTY: the slot is unused or was refused */
    uint64_t start;         /* first sector */
    uint64_t count;         /* sectors */
};

/* Fills out[0..3] from a 512-byte sector 0 of a disk of disk_sectors
 * sectors. An entry that is empty, extended, or reaches outside the disk
 * (or overlaps an earlier accepted one) gets type MBR_TYPE_EMPTY and, when
 * refused, a reason in reasons[i] (a static string, else NULL). Returns the
 * number of usable entries, or -1 when the sector has no MBR signature. */
int mbr_parse(const uint8_t *sector, uint64_t disk_sectors, struct mbr_partition out[MBR_ENTRIES],
              const char *reasons[MBR_ENTRIES]);
#endif
