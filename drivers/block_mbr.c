/* MBR parsing, and registering the partitions it describes. */
#include "drivers/block_mbr.h"
#ifndef BLOCK_MBR_HOST_TEST
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/heap.h"
#include <format.h>
#endif
#include <stdbool.h>
#include <stddef.h>

#define MBR_TABLE_OFFSET    0x1BE
#define MBR_ENTRY_SIZE      16

static uint32_t mbr_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static bool mbr_type_is_extended(uint8_t type) { return type == 0x05 || type == 0x0F || type == 0x85; }

int mbr_parse(const uint8_t *sector, uint64_t disk_sectors, struct mbr_partition out[MBR_ENTRIES],
              const char *reasons[MBR_ENTRIES])
{
    if (sector[510] != 0x55 || sector[511] != 0xAA)
        return -1;
    int usable = 0;
    for (unsigned i = 0; i < MBR_ENTRIES; i++) {
        const uint8_t *e = sector + MBR_TABLE_OFFSET + i * MBR_ENTRY_SIZE;
        struct mbr_partition p = { e[4], mbr_le32(e + 8), mbr_le32(e + 12) };
        const char *why = NULL;
        if (p.type == MBR_TYPE_EMPTY)
            why = NULL;
        else if (e[0] != 0x00 && e[0] != 0x80)
            why = "bad status byte";
        else if (p.type == MBR_TYPE_GPT_PROTECTIVE)
            why = "GPT partition tables are not supported";
        else if (mbr_type_is_extended(p.type))
            why = "extended partitions are not supported";
        else if (p.count == 0 || p.start == 0)
            why = "empty or starts at sector 0";
        else if (p.start >= disk_sectors || p.count > disk_sectors - p.start)
            why = "reaches past the end of the disk";
        for (unsigned j = 0; j < i && !why && p.type != MBR_TYPE_EMPTY; j++) {
            if (out[j].type != MBR_TYPE_EMPTY && p.start < out[j].start + out[j].count &&
                out[j].start < p.start + p.count)
                why = "overlaps an earlier partition";
        }
        if (why || p.type == MBR_TYPE_EMPTY)
            p.type = MBR_TYPE_EMPTY;
        else
            usable++;
        out[i] = p;
        reasons[i] = why;
    }
    return usable;
}

#ifndef BLOCK_MBR_HOST_TEST
int block_scan_partitions(struct block_device *disk)
{
    if (disk->sector_size != 512) {
        printk("%s: partition tables on %u-byte sectors are not supported\n", disk->name,
               disk->sector_size);
        return 0;
    }
    uint8_t *sector = kmalloc(512);
    if (!sector)
        return -ENOMEM;
    int rc = block_read(disk, 0, 1, sector);
    if (rc < 0)
        goto out;
    struct mbr_partition parts[MBR_ENTRIES];
    const char *reasons[MBR_ENTRIES];
    int usable = mbr_parse(sector, disk->sector_count, parts, reasons);
    rc = 0;
    if (usable < 0) {
        printk("%s: no partition table\n", disk->name);
        goto out;
    }
    for (unsigned i = 0; i < MBR_ENTRIES; i++) {
        char name[BLOCK_NAME_MAX];
        snprintf(name, sizeof(name), "%s%u", disk->name, i + 1);
        if (reasons[i]) {
            printk("%s: partition %u ignored: %s\n", disk->name, i + 1, reasons[i]);
            continue;
        }
        if (parts[i].type == MBR_TYPE_EMPTY)
            continue;
        struct block_device *part;
        int err = block_create_slice(disk, name, parts[i].start, parts[i].count, disk->minor + i + 1,
                                     &part);
        if (err < 0) {
            printk("%s: cannot register %s: error %d\n", disk->name, name, err);
            continue;
        }
        printk("%s: type %02x, sectors %llu-%llu (%llu KiB)\n", name, parts[i].type,
               (unsigned long long)parts[i].start,
               (unsigned long long)(parts[i].start + parts[i].count - 1),
               (unsigned long long)(parts[i].count / 2));
        rc++;
    }
out:
    kfree(sector);
    return rc;
}
#endif
