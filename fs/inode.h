/* Inodes and file-system instances: what a file system implements for the
 * VFS. Everything here is for file-system code and the VFS core; the rest of
 * the kernel uses fs/vfs.h and kernel/file.h.
 *
 * Lifetime: an inode is reference counted. Whoever holds a pointer holds a
 * reference (inode_get/inode_put): open files, name-cache entries, mounts,
 * path walks in progress, and the file system itself for inodes it keeps
 * (ramfs: a directory entry holds one on its target, a linked directory one
 * on its parent). The last inode_put hands the inode to its file system's
 * release operation, which frees it.
 *
 * Locking, outermost first:
 *   fs->ns_lock     every operation that changes the shape of the tree
 *                   (create, link, unlink, rename, ...) holds it, so at most
 *                   one thread ever holds more than one directory lock;
 *   directory locks (inode->lock of directories) in any order under ns_lock;
 *                   lookups and getdents take exactly one, without ns_lock;
 *   inode->lock of a non-directory (or of the victim of rmdir/rename);
 *   file-system-internal spinlocks (space accounting) and the name cache. */
#ifndef FS_INODE_H
#define FS_INODE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "kernel/api/stat.h"
#include "kernel/api/statvfs.h"
#include "kernel/api/types.h"
#include "kernel/mutex.h"

struct inode;
struct vfs_fs;
struct vfs_cred;
struct io_buffer;
struct file;

/* getdents support: a file system reports each entry to emit(), which
 * returns false once the caller's buffer is full (that entry is then not
 * consumed, and the fs stops without advancing past it). `next_pos` is the
 * directory position just after this entry. */
struct vfs_dirent_sink {
    bool (*emit)(struct vfs_dirent_sink *s, const char *name, size_t name_len, ino_t ino,
                 unsigned char d_type, off_t next_pos);
};

/* Attribute changes handed to setattr; only the fields named in `valid` are
 * meaningful. Permission checks are done by the VFS before the call. */
#define VFS_ATTR_MODE  0x01u
#define VFS_ATTR_UID   0x02u
#define VFS_ATTR_GID   0x04u
#define VFS_ATTR_ATIME 0x08u
#define VFS_ATTR_MTIME 0x10u
#define VFS_ATTR_CTIME 0x20u
struct vfs_attr {
    unsigned valid;
    mode_t mode;            /* permission bits only; the type never changes */
    uid_t uid;
    gid_t gid;
    struct timespec atime, mtime, ctime;
};

/* Attributes of a node being created. */
struct vfs_new_node {
    mode_t mode;            /* type and permission bits, umask already applied */
    uid_t uid;
    gid_t gid;
    dev_t rdev;             /* device nodes */
    const char *symlink_target;
};

/* Inode operations. Unless said otherwise they return 0 or a negative errno.
 * Names are NUL-terminated, never empty, never "." or "..", at most NAME_MAX
 * bytes, unless said otherwise. A NULL entry means "not supported". */
struct inode_ops {
    /* Directories; called with dir->lock held. lookup also answers ".." (and
     * may then be called with only fs->ns_lock held instead, by the VFS's
     * rename loop check). On success *out holds a new reference. */
    int (*lookup)(struct inode *dir, const char *name, struct inode **out);
    /* Regular files, device nodes, FIFOs, sockets and symlinks
     * (S_IFLNK with symlink_target). ns_lock and dir->lock held. */
    int (*create)(struct inode *dir, const char *name, const struct vfs_new_node *node,
                  struct inode **out);
    int (*mkdir)(struct inode *dir, const char *name, const struct vfs_new_node *node,
                 struct inode **out);
    /* ns_lock, dir->lock and target->lock held; target is not a directory. */
    int (*link)(struct inode *dir, const char *name, struct inode *target);
    /* ns_lock, dir->lock and victim->lock held. The VFS has checked the types
     * (unlink: not a directory; rmdir: a directory, not a mount point);
     * rmdir returns -ENOTEMPTY itself. */
    int (*unlink)(struct inode *dir, const char *name, struct inode *victim);
    int (*rmdir)(struct inode *dir, const char *name, struct inode *victim);
    /* ns_lock, both directory locks, and the locks of `inode` and of
     * `replaced` (the inode now under new_name, or NULL) held. The VFS has
     * checked types, loops and permissions; a directory `replaced` must be
     * checked for emptiness here (-ENOTEMPTY). Atomic: new_name always
     * names either the old or the new inode. */
    int (*rename)(struct inode *old_dir, const char *old_name, struct inode *inode,
                  struct inode *new_dir, const char *new_name, struct inode *replaced);
    /* dir->lock held. Positions are the fs's own cookies; 0 is the start. */
    int (*getdents)(struct inode *dir, struct vfs_dirent_sink *sink, off_t *pos);

    /* Regular files; inode->lock held. read and write return the byte count.
     * write grows the file as needed; the VFS has dealt with O_APPEND. */
    ssize_t (*read)(struct inode *inode, struct io_buffer *buf, size_t len, off_t off);
    ssize_t (*write)(struct inode *inode, const struct io_buffer *buf, size_t len, off_t off);
    int (*truncate)(struct inode *inode, off_t length);
    /* Symlinks; inode->lock held. Copies at most `size` bytes (no NUL);
     * returns the length copied. */
    ssize_t (*readlink)(struct inode *inode, char *buf, size_t size);
    /* inode->lock held. Optional: without it the VFS updates the in-memory
     * fields itself (fine for file systems that live in memory). */
    int (*setattr)(struct inode *inode, const struct vfs_attr *attr);
    /* Optional, for regular files and directories whose contents are made
     * per open (procfs snapshots them): after its type and permission
     * checks, vfs_open calls this instead of making its own description.
     * It must make one with file_create. No lock held. */
    int (*open)(struct inode *inode, int flags, struct file **out);
};

struct vfs_fs_ops {
    /* The last reference to an inode of this fs is gone: free it. */
    void (*release_inode)(struct inode *inode);
    int (*statvfs)(struct vfs_fs *fs, struct statvfs *out);
    /* Write back whatever is cached; may be NULL. */
    int (*sync)(struct vfs_fs *fs);
    /* Unmounted and no reference left besides the fs's own: free it all. */
    void (*destroy)(struct vfs_fs *fs);
};

/* One file-system instance (what is mounted). */
struct vfs_fs {
    const struct vfs_fs_ops *ops;
    const char *type_name;
    struct inode *root;         /* one reference, counted in refs_internal */
    dev_t dev;
    unsigned long flags;        /* ST_RDONLY, ST_NOSUID */
    struct mutex ns_lock;       /* see the locking order above */
    /* Every reference held on this fs's inodes (maintained by inode_get and
     * inode_put), and how many of those the fs holds on itself (maintained by
     * the fs). More than one outside reference (the mount's) = busy. */
    uint32_t refs_total;
    uint32_t refs_internal;
    bool mounted;               /* changed under the mount table lock */
    /* Names come and go without the VFS's knowledge (procfs: processes
     * appear and die), so the name cache never keeps this fs's lookups. */
    bool volatile_names;
    void *private_data;
};

struct inode {
    uint32_t refcount;          /* atomic */
    struct vfs_fs *fs;
    const struct inode_ops *ops;
    ino_t ino;
    /* Protects the attributes below and the fs's data of this inode
     * (directory entries, file pages, symlink target). */
    struct mutex lock;
    mode_t mode;                /* type and permission bits */
    uid_t uid;
    gid_t gid;
    nlink_t nlink;
    off_t size;
    dev_t rdev;
    blkcnt_t blocks;            /* 512-byte units allocated */
    struct timespec atime, mtime, ctime;
};

/* Fills the common fields; refcount 1 (counted in fs->refs_total). */
void inode_init(struct inode *inode, struct vfs_fs *fs, const struct inode_ops *ops, ino_t ino,
                mode_t mode, uid_t uid, gid_t gid);
struct inode *inode_get(struct inode *inode);
void inode_put(struct inode *inode);
/* A new reference, or NULL if the last one is already gone (the inode is
 * being released): for file systems that find their inodes in a table of
 * their own that holds no references. */
struct inode *inode_get_unless_zero(struct inode *inode);
/* References the fs keeps on its own inodes: also counted as internal. */
struct inode *inode_get_internal(struct inode *inode);
void inode_put_internal(struct inode *inode);

static inline bool inode_is_dir(const struct inode *i) { return S_ISDIR(i->mode); }
static inline bool inode_is_symlink(const struct inode *i) { return S_ISLNK(i->mode); }
static inline bool inode_is_reg(const struct inode *i) { return S_ISREG(i->mode); }
unsigned char inode_dirent_type(mode_t mode);

/* Sets up the common fields of a new fs instance. */
void vfs_fs_init(struct vfs_fs *fs, const struct vfs_fs_ops *ops, const char *type_name);
/* A fresh anonymous device number for a new fs instance (major 0). */
dev_t vfs_fs_alloc_dev(void);
/* Whether anything besides the mount (one reference) uses the fs. */
bool vfs_fs_busy(const struct vfs_fs *fs);

/* Current wall-clock time, for timestamps. */
void vfs_now(struct timespec *out);
#endif
