/* devfs: a ramfs instance holding one character-device node per registered
 * device. Nodes can also be made anywhere with mknod; devfs only saves
 * everyone from doing so. */
#include "fs/device.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/mutex.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/heap.h"

/* Protects devfs: a registration and the creation of devfs never both
 * make the same node. */
static struct mutex devfs_lock = MUTEX_INIT(devfs_lock, "devfs");
static struct vfs_fs *devfs;

/* devfs_lock held. */
static void devfs_add_node(struct char_device *cdev, void *unused)
{
    ASSERT_MUTEX_HELD(&devfs_lock);
    if (cdev->no_devfs_node)
        return;
    struct vfs_context ctx = { .cred = &vfs_kernel_cred, .root = devfs->root, .cwd = devfs->root };
    mode_t mode = cdev->mode ? cdev->mode : 0666;
    int rc = vfs_mknod(&ctx, cdev->name, S_IFCHR | mode, cdev->dev);
    /* A device registered while devfs was being filled is seen twice. */
    if (rc < 0 && rc != -EEXIST)
        printk("devfs: cannot create /dev/%s (error %d)\n", cdev->name, rc);
}

int devfs_create(struct vfs_fs **out)
{
    struct vfs_fs *fs;
    int rc = ramfs_create(0, 0755, "devfs", &fs);
    if (rc < 0)
        return rc;
    mutex_lock(&devfs_lock);
    if (devfs) {
        mutex_unlock(&devfs_lock);
        ramfs_destroy(fs);
        return -EBUSY;
    }
    devfs = fs;
    device_for_each_char(devfs_add_node, NULL);
    mutex_unlock(&devfs_lock);
    *out = fs;
    return 0;
}

int devfs_register_char(const char *name, unsigned major, unsigned minor, const struct file_ops *ops)
{
    struct char_device *cdev = kzalloc(sizeof(*cdev));
    if (!cdev)
        return -ENOMEM;
    cdev->name = name;
    cdev->dev = DEV_MAKE(major, minor);
    cdev->ops = ops;
    int rc = device_register_char(cdev);
    if (rc < 0)
        kfree(cdev);
    return rc;
}

void devfs_publish(struct char_device *cdev)
{
    mutex_lock(&devfs_lock);
    if (devfs)
        devfs_add_node(cdev, NULL);
    mutex_unlock(&devfs_lock);
}
