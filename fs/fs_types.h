/* File system types by name, for the mount system call. */
#ifndef FS_FS_TYPES_H
#define FS_FS_TYPES_H
struct vfs_fs;

/* Makes a new instance from `source` (a device path, or NULL) and the mount
 * flags. 0 or -errno. */
typedef int (*vfs_fs_create_fn)(const char *source, unsigned flags, struct vfs_fs **out);

/* 0, -EEXIST for a taken name, -ENOMEM when the registry is full. */
int vfs_fs_type_register(const char *name, vfs_fs_create_fn create);
/* -ENODEV for an unknown type. */
int vfs_fs_create_by_type(const char *name, const char *source, unsigned flags, struct vfs_fs **out);
#endif
