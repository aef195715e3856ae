/* ramfs: a file system that lives in memory. File data sits in page
 * frames allocated on first write (holes read as zeros); a per-instance
 * limit on those pages makes writes fail with ENOSPC. Used for "/", /tmp
 * and, with device nodes, /dev. */
#ifndef FS_RAMFS_H
#define FS_RAMFS_H
#include <stddef.h>
#include "fs/inode.h"

/* A new instance whose root directory has mode root_mode (permission bits)
 * and is owned by root. max_bytes limits file data (rounded up to pages);
 * 0 means "as much memory as there is". The caller owns the instance
 * until it is mounted (vfs_mount takes it over); an unmounted one is freed
 * with ramfs_destroy. */
int ramfs_create(size_t max_bytes, mode_t root_mode, const char *type_name, struct vfs_fs **out);
void ramfs_destroy(struct vfs_fs *fs);
/* Pages of file data in use (for tests). */
size_t ramfs_pages_used(struct vfs_fs *fs);
#endif
