/* ext2 file systems on block devices, for the VFS.
 *
 * At boot (ext2_init) the "ext2" type is registered for mount(2), and one
 * disk is mounted on /mnt/disk: the device named by the kernel command line
 * option disk=NAME (e.g. disk=hda1), or else the first of hda1 and hda that
 * holds an ext2 file system. disk=none turns this off; the test kernel
 * ("test" on the command line), and a kernel whose root is an ext2 disk
 * (root=, fs/boot_root.h), mount nothing unless disk= says so. */
#ifndef FS_EXT2_EXT2_H
#define FS_EXT2_EXT2_H
#include <stdbool.h>

struct vfs_fs;

#define EXT2_BOOT_MOUNT_POINT "/mnt/disk"

/* Mounts the ext2 file system on block device `devname` ("hda1" or
 * "/dev/hda1"): a new fs instance to hand to vfs_mount. -ENODEV if there is
 * no such device, -EBUSY if it is in use, -EINVAL if it holds no ext2 (or
 * needs features Kestrel lacks), -EUCLEAN if it is inconsistent. */
int ext2_mount_device(const char *devname, bool readonly, struct vfs_fs **out);
/* Registers the type and performs the boot-time mount described above. */
void ext2_init(void);
#endif
