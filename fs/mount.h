/* The mount table, for the VFS core: which fs root covers which directory. */
#ifndef FS_MOUNT_H
#define FS_MOUNT_H
#include <stdbool.h>
#include <stddef.h>
#include "kernel/api/types.h"

struct inode;
struct vfs_fs;

/* If a file system is mounted on `inode`, drops the caller's reference and
 * returns its root (repeatedly, for mounts on mounts) with a reference;
 * otherwise returns inode unchanged. */
struct inode *mount_cross_down(struct inode *inode);
/* If `inode` is the root of a mounted fs, drops the caller's reference and
 * returns the directory it covers (repeatedly) with a reference; otherwise
 * returns inode unchanged. The root file system covers nothing. */
struct inode *mount_cross_up(struct inode *inode);
/* Whether a file system is mounted on inode. */
bool mount_is_covered(const struct inode *inode);
/* Whether inode is the root of any mounted fs. */
bool mount_is_root(const struct inode *inode);
/* Installs the root file system. */
void mount_set_root(struct vfs_fs *fs);

/* One entry of the mount table, copied out for listings (/proc/mounts). */
#define MOUNT_TYPE_NAME_MAX 16
struct mount_info {
    char type[MOUNT_TYPE_NAME_MAX];
    unsigned long flags;        /* ST_RDONLY, ST_NOSUID */
    dev_t dev;
    struct inode *covered;      /* a reference; NULL for the root fs */
};
/* The table in mount order, in a new array of *count entries; free it with
 * mount_table_snapshot_free. 0 or -ENOMEM. */
int mount_table_snapshot(struct mount_info **out, size_t *count);
void mount_table_snapshot_free(struct mount_info *infos, size_t count);
#endif
