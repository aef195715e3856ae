/* Which file system becomes "/" at boot (kernel command line root=). */
#ifndef FS_BOOT_ROOT_H
#define FS_BOOT_ROOT_H

struct vfs_fs;

/* With root=DEV ("hda1" or "/dev/hda1"): the ext2 file system on DEV, ready
 * to be the root (it has /dev, /tmp and /proc to mount on). NULL when no
 * root= was given, or when DEV is missing or unusable; the latter is said
 * on the console, and the caller falls back to the initrd. Needs the disk
 * drivers up and nothing mounted yet. */
struct vfs_fs *boot_root_from_cmdline(void);
#endif
