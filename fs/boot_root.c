/* Choosing the root file system at boot.
 *
 * The choice is made once, after the disk drivers are up and before
 * anything is mounted or any process exists: vfs_init_root asks here first
 * and installs whatever it gets as the root, then mounts devfs, /tmp,
 * procfs and devpts on it. So "/" never changes under a running process
 * or under the kernel's own context, and the mount table needs no way to
 * swap its root. A root= that cannot be used leaves the machine bootable:
 * the caller builds the usual ramfs root from the initrd. */
#include "fs/boot_root.h"
#include "fs/ext2/ext2.h"
#include "fs/inode.h"
#include "fs/name_cache.h"
#include "fs/vfs.h"
#include "kernel/boot_info.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

static const char *boot_root_reason(int rc)
{
    switch (rc) {
    case -ENODEV: return "no such device";
    case -EINVAL: return "no usable ext2 file system on it";
    case -EUCLEAN: return "the file system is inconsistent (run e2fsck)";
    case -EBUSY: return "the device is in use";
    case -EROFS: return "read-only, and a mount point is missing";
    case -ENOTDIR: return "a mount point is not a directory";
    default: return "error";
    }
}

/* The pseudo file systems need somewhere to go; a disk made by mke2fs
 * from a plain tree lacks these. */
static int boot_root_prepare(struct vfs_fs *fs)
{
    static const struct {
        const char *path;
        mode_t mode;
    } dirs[] = { { "/dev", 0755 }, { "/tmp", 01777 }, { "/proc", 0555 } };
    struct vfs_context ctx = {
        .cred = &vfs_kernel_cred, .root = fs->root, .cwd = fs->root, .umask = 0,
    };
    for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        struct stat st;
        int rc = vfs_stat(&ctx, dirs[i].path, 0, &st);
        if (rc == -ENOENT) {
            if (fs->flags & ST_RDONLY)
                return -EROFS;
            rc = vfs_mkdir(&ctx, dirs[i].path, dirs[i].mode);
            if (rc == 0)
                rc = vfs_stat(&ctx, dirs[i].path, 0, &st);
        }
        if (rc < 0)
            return rc;
        if (!S_ISDIR(st.st_mode))
            return -ENOTDIR;
    }
    return 0;
}

struct vfs_fs *boot_root_from_cmdline(void)
{
    char dev[24];
    if (!cmdline_get("root", dev, sizeof(dev)))
        return NULL;
    struct vfs_fs *fs;
    int rc = ext2_mount_device(dev, false, &fs);
    if (rc == 0) {
        rc = boot_root_prepare(fs);
        if (rc < 0) {
            name_cache_purge_fs(fs);    /* the lookups above may be cached */
            fs->ops->destroy(fs);
        }
    }
    if (rc < 0) {
        printk("vfs: root=%s cannot be the root file system: %s (error %d)\n", dev,
               boot_root_reason(rc), rc);
        printk("vfs: falling back to the initrd as the root file system\n");
        return NULL;
    }
    printk("vfs: root file system: ext2 on %s%s\n", dev, (fs->flags & ST_RDONLY) ? " (read-only)" : "");
    return fs;
}
