/* The "ext2" type for mount(2), and the disk mounted at boot. */
#include "fs/ext2/ext2.h"
#include "fs/fs_types.h"
#include "fs/inode.h"
#include "fs/vfs.h"
#include "kernel/boot_info.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include <string.h>

/* mount(2)'s MS_RDONLY. */
#define EXT2_MOUNT_RDONLY 1u

static int ext2_type_create(const char *source, unsigned flags, struct vfs_fs **out)
{
    if (!source)
        return -EINVAL;
    return ext2_mount_device(source, flags & EXT2_MOUNT_RDONLY, out);
}

static int ext2_boot_mount(const char *dev)
{
    struct vfs_fs *fs;
    int rc = ext2_mount_device(dev, false, &fs);
    if (rc < 0)
        return rc;
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    vfs_mkdir(&ctx, "/mnt", 0755);
    vfs_mkdir(&ctx, EXT2_BOOT_MOUNT_POINT, 0755);
    rc = vfs_mount(&ctx, fs, EXT2_BOOT_MOUNT_POINT);
    if (rc < 0) {
        fs->ops->destroy(fs);
        return rc;
    }
    printk("ext2: %s mounted on %s\n", dev, EXT2_BOOT_MOUNT_POINT);
    return 0;
}

/* With root= the system disk is "/" already; guessing another disk for
 * /mnt/disk would only print refusals. */
static bool ext2_root_is_disk(void)
{
    struct inode *root = vfs_root();
    bool disk = root && strcmp(root->fs->type_name, "ext2") == 0;
    if (root)
        inode_put(root);
    return disk;
}

void ext2_init(void)
{
    int rc = vfs_fs_type_register("ext2", ext2_type_create);
    if (rc < 0)
        printk("ext2: cannot register the file system type: error %d\n", rc);
    char dev[24];
    if (cmdline_get("disk", dev, sizeof(dev))) {
        if (strcmp(dev, "none") == 0)
            return;
        rc = ext2_boot_mount(dev);
        if (rc < 0)
            printk("ext2: cannot mount %s (disk= on the command line): error %d\n", dev, rc);
        return;
    }
    if (boot_info.test_mode || ext2_root_is_disk())
        return;
    static const char *const candidates[] = { "hda1", "hda" };
    for (unsigned i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
        if (ext2_boot_mount(candidates[i]) == 0)
            return;
    }
}
