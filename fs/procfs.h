/* procfs: a read-only file system that shows the processes and the state
 * of the kernel as files, mounted on /proc. The layout and file formats
 * are in kernel/api/procfs.h. */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

struct vfs_fs;

/* A new instance (each mount gets its own; they all show the same). */
int procfs_create(struct vfs_fs **out);
/* Makes "proc" known to the mount system call. */
void procfs_register_type(void);
#endif
