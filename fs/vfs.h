/* The VFS: path-based file operations with POSIX semantics.
 *
 * Every call names its caller's identity and position explicitly: a struct
 * vfs_context holds the credentials, the root directory (chroot) and the
 * working directory. The context owns nothing; the caller keeps references
 * on root and cwd alive for the duration of the call. For the *at() system
 * calls, pass a copy of the context whose cwd is the directory fd's inode.
 *
 * All functions return 0 (or a count) on success and a negative errno on
 * failure; inode and file results come back through out-parameters and carry
 * a reference the caller must drop (inode_put / file_put). */
#ifndef FS_VFS_H
#define FS_VFS_H
#include <stdbool.h>
#include <stddef.h>
#include "fs/inode.h"
#include "kernel/api/fcntl.h"
#include "kernel/api/limits.h"
#include "kernel/api/stat.h"
#include "kernel/api/statvfs.h"
#include "kernel/api/types.h"
#include "kernel/api/unistd.h"

struct file;

struct vfs_cred {
    uid_t uid, gid;             /* real */
    uid_t euid, egid;           /* effective: used for permission checks */
    unsigned ngroups;
    const gid_t *groups;        /* supplementary groups */
};

struct vfs_context {
    const struct vfs_cred *cred;
    struct inode *root;         /* "/" and the ceiling of ".." */
    struct inode *cwd;          /* where relative paths start */
    mode_t umask;               /* applied to modes of created nodes */
};

/* Credentials of the kernel itself (uid 0, no groups). */
extern const struct vfs_cred vfs_kernel_cred;

/* Permission check of `mask` (R_OK | W_OK | X_OK) against an inode. */
int vfs_permission(const struct vfs_cred *cred, const struct inode *inode, int mask);
bool vfs_cred_in_group(const struct vfs_cred *cred, gid_t gid);

/* ---- path resolution -------------------------------------------------- */
#define VFS_LOOKUP_FOLLOW    0x1    /* follow a symlink in the last component */
#define VFS_LOOKUP_DIRECTORY 0x2    /* the result must be a directory */
/* Resolves `path` to an inode (with a reference). */
int vfs_resolve(const struct vfs_context *ctx, const char *path, unsigned flags, struct inode **out);
/* Resolves all but the last component: the parent directory (with a
 * reference) and the last name copied into name (NAME_MAX + 1 bytes).
 * *trailing_slash says whether the path ended in '/'. The name may be "."
 * or ".."; the path "/" gives the root and the name ".". */
int vfs_resolve_parent(const struct vfs_context *ctx, const char *path, struct inode **parent,
                       char *name, bool *trailing_slash);

/* ---- files ------------------------------------------------------------ */
/* open(2): flags are O_*; mode is used with O_CREAT. O_CLOEXEC is a
 * descriptor flag: the caller reads it from `flags` and passes it on to the
 * fd table. */
int vfs_open(const struct vfs_context *ctx, const char *path, int flags, mode_t mode,
             struct file **out);
/* Opens an inode the caller already holds (e.g. an exec'd binary, a
 * directory fd's inode, a mount root). Checks permissions like vfs_open. */
int vfs_open_inode(const struct vfs_cred *cred, struct inode *inode, int flags, struct file **out);

/* ---- the name space --------------------------------------------------- */
int vfs_mkdir(const struct vfs_context *ctx, const char *path, mode_t mode);
int vfs_mknod(const struct vfs_context *ctx, const char *path, mode_t mode, dev_t dev);
int vfs_rmdir(const struct vfs_context *ctx, const char *path);
int vfs_unlink(const struct vfs_context *ctx, const char *path);
int vfs_rename(const struct vfs_context *ctx, const char *old_path, const char *new_path);
/* flags: AT_SYMLINK_FOLLOW (follow a symlink as old_path) */
int vfs_link(const struct vfs_context *ctx, const char *old_path, const char *new_path, int flags);
/* renameat/linkat: each path relative to its own context (two directory
 * fds); the credentials are old_ctx's, new_ctx only supplies root and cwd. */
int vfs_renameat(const struct vfs_context *old_ctx, const char *old_path,
                 const struct vfs_context *new_ctx, const char *new_path);
int vfs_linkat(const struct vfs_context *old_ctx, const char *old_path,
               const struct vfs_context *new_ctx, const char *new_path, int flags);
int vfs_symlink(const struct vfs_context *ctx, const char *target, const char *link_path);
/* Copies the target (not NUL-terminated, truncated to size) into buf and
 * returns its length. */
ssize_t vfs_readlink(const struct vfs_context *ctx, const char *path, char *buf, size_t size);

/* ---- attributes ------------------------------------------------------- */
/* flags: AT_SYMLINK_NOFOLLOW (lstat, lchown, ...) */
int vfs_stat(const struct vfs_context *ctx, const char *path, int flags, struct stat *out);
void vfs_stat_inode(struct inode *inode, struct stat *out);
int vfs_chmod(const struct vfs_context *ctx, const char *path, int flags, mode_t mode);
int vfs_chmod_inode(const struct vfs_cred *cred, struct inode *inode, mode_t mode);
/* (uid_t)-1 / (gid_t)-1 leave that id unchanged. */
int vfs_chown(const struct vfs_context *ctx, const char *path, int flags, uid_t uid, gid_t gid);
int vfs_chown_inode(const struct vfs_cred *cred, struct inode *inode, uid_t uid, gid_t gid);
int vfs_truncate(const struct vfs_context *ctx, const char *path, off_t length);
/* Truncation of an inode the caller may write (ftruncate checks the file's
 * access mode; this checks nothing but the type and length). */
int vfs_truncate_inode(struct inode *inode, off_t length);
/* times: [0] access, [1] modification; NULL = both now; tv_nsec may be
 * UTIME_NOW or UTIME_OMIT. */
int vfs_utimes(const struct vfs_context *ctx, const char *path, int flags,
               const struct timespec times[2]);
int vfs_utimes_inode(const struct vfs_cred *cred, struct inode *inode, const struct timespec times[2]);
/* access(2): checks with the real ids (the effective ones with AT_EACCESS). */
int vfs_access(const struct vfs_context *ctx, const char *path, int mode, int flags);
/* The canonical absolute path (relative to ctx->root) into buf; returns its
 * length without the NUL, or -ERANGE if buf is too small. */
int vfs_realpath(const struct vfs_context *ctx, const char *path, char *buf, size_t size);
/* The path of a directory inode relative to ctx->root (getcwd). */
int vfs_inode_path(const struct vfs_context *ctx, struct inode *dir, char *buf, size_t size);
int vfs_statvfs(const struct vfs_context *ctx, const char *path, struct statvfs *out);
int vfs_statvfs_inode(struct inode *inode, struct statvfs *out);

/* ---- mounts ----------------------------------------------------------- */
/* Mounts fs (taking over the caller's reference to it) on the directory
 * `path`. -EBUSY if something is mounted there already or fs is mounted. */
int vfs_mount(const struct vfs_context *ctx, struct vfs_fs *fs, const char *path);
int vfs_mount_at(struct vfs_fs *fs, struct inode *dir);
/* Unmounts the fs mounted at path (which names the mounted root). -EBUSY
 * if anything still uses it; on success the fs is destroyed. */
int vfs_umount(const struct vfs_context *ctx, const char *path);
/* Writes back every mounted fs. */
int vfs_sync(void);

/* ---- the global name space ---------------------------------------------- */
/* The root directory (a new reference), or NULL before vfs_init_root. */
struct inode *vfs_root(void);
/* Mounts the root: the ext2 disk named by root= (fs/boot_root.h), or else a
 * ramfs with the standard directories, filled from the initrd module if
 * there is one. Then mounts devfs on /dev (devpts on /dev/pts), a ramfs on
 * /tmp and procfs on /proc. Call once, after the disk drivers. */
void vfs_init_root(void);
/* A context for the kernel's own use: root credentials, "/" as root and cwd.
 * The inodes are borrowed from the global root: do not put them. */
void vfs_kernel_context(struct vfs_context *out);
#endif
