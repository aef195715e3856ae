/* Block devices: named disks and the partitions on them, read and written in
 * whole sectors. Drivers register a device; file systems find it by name,
 * claim it for exclusive use and go through block_read/block_write, which
 * check every request against the device's size. */
#ifndef DRIVERS_BLOCK_H
#define DRIVERS_BLOCK_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/list.h"

#define BLOCK_NAME_MAX      16
#define BLOCK_MAX_PARTITIONS 4

struct block_device;

/* Driver operations: sector numbers are relative to the device and already
 * checked against its size; count is at least 1. 0 or a negative errno
 * (-EIO for anything the hardware refused). */
struct block_device_ops {
    int (*read)(struct block_device *bd, uint64_t sector, uint32_t count, void *buf);
    int (*write)(struct block_device *bd, uint64_t sector, uint32_t count, const void *buf);
    /* Makes completed writes durable (the drive's write cache); may be NULL. */
    int (*flush)(struct block_device *bd);
};

struct block_device {
    char name[BLOCK_NAME_MAX];
    uint32_t sector_size;           /* bytes; a power of two >= 512 */
    uint64_t sector_count;
    unsigned major, minor;          /* the device number /dev shows */
    bool read_only;
    const struct block_device_ops *ops;
    void *private_data;             /* the driver's */
    /* Partitions and slices: where they sit on the parent. */
    struct block_device *parent;
    uint64_t start_sector;
    /* Registry bookkeeping, under the registry lock. */
    struct list_node node;
    bool claimed;                   /* someone (a mounted fs) uses it exclusively */
    unsigned children;              /* registered partitions/slices on it */
};

/* Adds a device the caller initialised (name, sizes, ops); it must stay
 * alive until block_unregister. -EEXIST for a taken name, -EINVAL for a
 * malformed one. */
int block_register(struct block_device *bd);
/* Removes a device; -EBUSY while claimed or while it has partitions. */
int block_unregister(struct block_device *bd);
/* The device with that name (without "/dev/"), or NULL. Devices are never
 * freed while registered, and only their creator unregisters them. */
struct block_device *block_find(const char *name);
/* Calls fn for every registered device, in registration order. fn must not
 * register or unregister devices. */
void block_for_each(void (*fn)(struct block_device *bd, void *ctx), void *ctx);

/* Exclusive use (a mounted file system): -EBUSY if already claimed. */
int block_claim(struct block_device *bd);
void block_release(struct block_device *bd);

/* Range-checked I/O into kernel memory: -EIO when the request reaches past
 * the end of the device (hostile on-disk numbers end up here), -EROFS for a
 * write to a read-only device. */
int block_read(struct block_device *bd, uint64_t sector, uint32_t count, void *buf);
int block_write(struct block_device *bd, uint64_t sector, uint32_t count, const void *buf);
int block_flush(struct block_device *bd);

/* A device covering sectors [start, start + count) of parent, named name
 * (partitions, and test slices of a disk). Allocated and registered; undo
 * with block_destroy_slice. */
int block_create_slice(struct block_device *parent, const char *name, uint64_t start,
                       uint64_t count, unsigned minor, struct block_device **out);
int block_destroy_slice(struct block_device *slice);

/* Reads the MBR of a whole disk and registers each valid primary partition
 * as <disk>1..<disk>4. Returns how many were registered, or a negative errno
 * when the disk cannot be read. A missing table registers nothing. */
int block_scan_partitions(struct block_device *disk);
#endif
