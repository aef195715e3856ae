/* The character device registry. */
#include "fs/device.h"
#include "fs/inode.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"

/* Protects char_devices. Devices are never unregistered, so a pointer
 * found here stays valid without a reference. */
static struct spinlock registry_lock = SPINLOCK_INIT("char_devices");
static struct list_node char_devices = LIST_INIT(char_devices);

static bool device_answers(const struct char_device *c, dev_t dev)
{
    if (c->minor_count <= 1)
        return c->dev == dev;
    return DEV_MAJOR(c->dev) == DEV_MAJOR(dev) && DEV_MINOR(dev) >= DEV_MINOR(c->dev) &&
           DEV_MINOR(dev) - DEV_MINOR(c->dev) < c->minor_count;
}

/* registry_lock held. The device answering `dev`, or one whose numbers
 * overlap with `probe`'s (when registering). */
static struct char_device *device_find_locked(dev_t dev, const struct char_device *probe)
{
    ASSERT_HELD(&registry_lock);
    list_for_each(n, &char_devices) {
        struct char_device *c = list_entry(n, struct char_device, node);
        if (device_answers(c, dev))
            return c;
        if (probe && probe->minor_count > 1 && device_answers(probe, c->dev))
            return c;
    }
    return NULL;
}

int device_register_char(struct char_device *cdev)
{
    ASSERT(cdev->ops && cdev->name);
    irqflags_t fl = spin_lock_irqsave(&registry_lock);
    int rc = device_find_locked(cdev->dev, cdev) ? -EEXIST : 0;
    if (rc == 0)
        list_push_back(&char_devices, &cdev->node);
    spin_unlock_irqrestore(&registry_lock, fl);
    if (rc == 0)
        devfs_publish(cdev);
    return rc;
}

struct char_device *device_find_char(dev_t dev)
{
    irqflags_t fl = spin_lock_irqsave(&registry_lock);
    struct char_device *c = device_find_locked(dev, NULL);
    spin_unlock_irqrestore(&registry_lock, fl);
    return c;
}

void device_for_each_char(void (*fn)(struct char_device *cdev, void *ctx), void *ctx)
{
    /* The list only grows at the tail, so walking without the lock from a
     * snapshot of the first node onward is safe; take it per step anyway. */
    irqflags_t fl = spin_lock_irqsave(&registry_lock);
    struct list_node *n = char_devices.next;
    spin_unlock_irqrestore(&registry_lock, fl);
    while (n != &char_devices) {
        fn(list_entry(n, struct char_device, node), ctx);
        fl = spin_lock_irqsave(&registry_lock);
        n = n->next;
        spin_unlock_irqrestore(&registry_lock, fl);
    }
}

int device_open_char(struct inode *inode, int flags, struct file **out)
{
    struct char_device *cdev = device_find_char(inode->rdev);
    if (!cdev)
        return -ENXIO;
    struct file *f;
    int rc = file_create(inode, cdev->ops, flags, cdev, &f);
    if (rc < 0)
        return rc;
    ASSERT(!(cdev->open && cdev->open_with_flags));
    if (cdev->open)
        rc = cdev->open(cdev, f);
    else if (cdev->open_with_flags)
        rc = cdev->open_with_flags(cdev, f, flags);
    if (rc < 0) {
        file_put(f);
        return rc;
    }
    *out = f;
    return 0;
}
