/* The initial RAM disk: a ustar archive handed over as a Multiboot module
 * and unpacked into the root file system at boot. */
#ifndef FS_INITRD_H
#define FS_INITRD_H
#include <stddef.h>

struct inode;

/* Unpacks the archive below root: regular files, directories, symlinks and
 * hard links, with their modes, owners and modification times. A malformed
 * archive (bad checksum, bad size, truncated) is refused whole before
 * anything is written: -EINVAL. A malformed or unsupported entry (a path
 * with "..", an absolute path, a device node) is reported with printk and
 * skipped. Returns the number of entries unpacked. */
int initrd_unpack(const void *data, size_t len, struct inode *root);
/* Unpacks the first Multiboot module whose name ends in "initrd.tar";
 * returns -ENOENT if there is none. */
int initrd_unpack_boot_module(struct inode *root);
#endif
