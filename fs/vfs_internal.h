/* Helpers shared by the VFS core files (not for other code). */
#ifndef FS_VFS_INTERNAL_H
#define FS_VFS_INTERNAL_H
#include "fs/vfs.h"

/* fs->ns_lock then dir->lock, for a change of dir's entries. */
void vfs_lock_dir_for_change(struct inode *dir);
void vfs_unlock_dir_for_change(struct inode *dir);
/* The fs's own lookup (no cache, no mounts); dir->lock held. */
int vfs_lookup_locked(struct inode *dir, const char *name, struct inode **out);
/* Owner, group (set-group-ID directories) and mode of a node created in dir. */
void vfs_new_node_attrs(const struct vfs_context *ctx, const struct inode *dir, mode_t mode,
                        struct vfs_new_node *node);
/* The sticky-directory rule: -EPERM unless the caller owns victim or dir. */
int vfs_may_delete(const struct vfs_cred *cred, const struct inode *dir, const struct inode *victim);
/* ns_lock and dir->lock held: -EEXIST if the name exists, else permission
 * checks and the fs's create/mkdir; *out gets the new inode. */
int vfs_create_in(const struct vfs_context *ctx, struct inode *dir, const char *name,
                  const struct vfs_new_node *node, struct inode **out);
/* The file operations of regular files and directories. */
extern const struct file_ops vfs_regular_file_ops;
extern const struct file_ops vfs_directory_file_ops;
#endif
