/* The block device registry, range-checked I/O, and slices of a parent
 * device (partitions). */
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "mm/heap.h"
#include <string.h>

/* Protects block_devices and every device's node, claimed and children. */
static struct spinlock block_lock = SPINLOCK_INIT("block-registry");
static struct list_node block_devices = LIST_INIT(block_devices);

static struct block_device *block_find_locked(const char *name)
{
    ASSERT_HELD(&block_lock);
    list_for_each(n, &block_devices) {
        struct block_device *bd = list_entry(n, struct block_device, node);
        if (strcmp(bd->name, name) == 0)
            return bd;
    }
    return NULL;
}

static bool block_name_ok(const char *name)
{
    size_t len = strnlen(name, BLOCK_NAME_MAX);
    if (len == 0 || len == BLOCK_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (name[i] == '/')
            return false;
    }
    return true;
}

int block_register(struct block_device *bd)
{
    if (!block_name_ok(bd->name) || !bd->ops || !bd->ops->read)
        return -EINVAL;
    if (bd->sector_size < 512 || (bd->sector_size & (bd->sector_size - 1)))
        return -EINVAL;
    int rc = 0;
    irqflags_t fl = spin_lock_irqsave(&block_lock);
    if (block_find_locked(bd->name)) {
        rc = -EEXIST;
    } else {
        bd->claimed = false;
        bd->children = 0;
        list_push_back(&block_devices, &bd->node);
        if (bd->parent)
            bd->parent->children++;
    }
    spin_unlock_irqrestore(&block_lock, fl);
    return rc;
}

int block_unregister(struct block_device *bd)
{
    int rc = 0;
    irqflags_t fl = spin_lock_irqsave(&block_lock);
    if (bd->claimed || bd->children) {
        rc = -EBUSY;
    } else {
        list_remove(&bd->node);
        if (bd->parent) {
            ASSERT(bd->parent->children > 0);
            bd->parent->children--;
        }
    }
    spin_unlock_irqrestore(&block_lock, fl);
    return rc;
}

struct block_device *block_find(const char *name)
{
    irqflags_t fl = spin_lock_irqsave(&block_lock);
    struct block_device *bd = block_find_locked(name);
    spin_unlock_irqrestore(&block_lock, fl);
    return bd;
}

void block_for_each(void (*fn)(struct block_device *bd, void *ctx), void *ctx)
{
    /* Registration happens at boot and in tests that also walk, so a walk
     * without the lock held across fn (which may sleep) sees a stable list. */
    list_for_each(n, &block_devices)
        fn(list_entry(n, struct block_device, node), ctx);
}

int block_claim(struct block_device *bd)
{
    int rc = 0;
    irqflags_t fl = spin_lock_irqsave(&block_lock);
    if (bd->claimed)
        rc = -EBUSY;
    else
        bd->claimed = true;
    spin_unlock_irqrestore(&block_lock, fl);
    return rc;
}

void block_release(struct block_device *bd)
{
    irqflags_t fl = spin_lock_irqsave(&block_lock);
    ASSERT(bd->claimed);
    bd->claimed = false;
    spin_unlock_irqrestore(&block_lock, fl);
}

static bool block_range_ok(const struct block_device *bd, uint64_t sector, uint32_t count)
{
    return count > 0 && sector < bd->sector_count && count <= bd->sector_count - sector;
}

int block_read(struct block_device *bd, uint64_t sector, uint32_t count, void *buf)
{
    if (!block_range_ok(bd, sector, count)) {
        printk("%s: read of %u sector(s) at %llu is beyond the end (%llu sectors)\n", bd->name, count,
               (unsigned long long)sector, (unsigned long long)bd->sector_count);
        return -EIO;
    }
    return bd->ops->read(bd, sector, count, buf);
}

int block_write(struct block_device *bd, uint64_t sector, uint32_t count, const void *buf)
{
    if (bd->read_only || !bd->ops->write)
        return -EROFS;
    if (!block_range_ok(bd, sector, count)) {
        printk("%s: write of %u sector(s) at %llu is beyond the end (%llu sectors)\n", bd->name, count,
               (unsigned long long)sector, (unsigned long long)bd->sector_count);
        return -EIO;
    }
    return bd->ops->write(bd, sector, count, buf);
}

int block_flush(struct block_device *bd)
{
    return bd->ops->flush ? bd->ops->flush(bd) : 0;
}

/* ---- slices ------------------------------------------------------------ */

static int slice_read(struct block_device *bd, uint64_t sector, uint32_t count, void *buf)
{
    return block_read(bd->parent, bd->start_sector + sector, count, buf);
}

static int slice_write(struct block_device *bd, uint64_t sector, uint32_t count, const void *buf)
{
    return block_write(bd->parent, bd->start_sector + sector, count, buf);
}

static int slice_flush(struct block_device *bd) { return block_flush(bd->parent); }

static const struct block_device_ops slice_ops = {
    .read = slice_read,
    .write = slice_write,
    .flush = slice_flush,
};

int block_create_slice(struct block_device *parent, const char *name, uint64_t start,
                       uint64_t count, unsigned minor, struct block_device **out)
{
    if (count == 0 || start >= parent->sector_count || count > parent->sector_count - start)
        return -EINVAL;
    if (strnlen(name, BLOCK_NAME_MAX) == BLOCK_NAME_MAX)
        return -EINVAL;
    struct block_device *bd = kzalloc(sizeof(*bd));
    if (!bd)
        return -ENOMEM;
    strlcpy(bd->name, name, sizeof(bd->name));
    bd->sector_size = parent->sector_size;
    bd->sector_count = count;
    bd->major = parent->major;
    bd->minor = minor;
    bd->read_only = parent->read_only;
    bd->ops = &slice_ops;
    bd->parent = parent;
    bd->start_sector = start;
    list_init(&bd->node);
    int rc = block_register(bd);
    if (rc < 0) {
        kfree(bd);
        return rc;
    }
    *out = bd;
    return 0;
}

int block_destroy_slice(struct block_device *slice)
{
    ASSERT(slice->ops == &slice_ops);
    int rc = block_unregister(slice);
    if (rc == 0)
        kfree(slice);
    return rc;
}
