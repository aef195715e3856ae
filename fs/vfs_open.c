/* open(2): creation, symlinks in the last component, and the checks that
 * decide whether an inode may be opened the way asked. */
#include "fs/device.h"
#include "fs/mount.h"
#include "fs/path_internal.h"
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include <string.h>

#define VFS_OPEN_KNOWN_FLAGS                                                                        \
    (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC |         \
     O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC)

/* Permission and type checks, then the description. `created`: the caller
 * has just made the file, which it may open whatever its mode says. */
static int vfs_open_checked(const struct vfs_cred *cred, struct inode *inode, int flags, bool created,
                            struct file **out)
{
    int acc = flags & O_ACCMODE;
    bool want_write = acc == O_WRONLY || acc == O_RDWR;
    if (S_ISLNK(inode->mode))
        return -ELOOP;      /* only reachable with O_NOFOLLOW */
    if ((flags & O_DIRECTORY) && !S_ISDIR(inode->mode))
        return -ENOTDIR;
    if (S_ISDIR(inode->mode) && (want_write || (flags & (O_CREAT | O_TRUNC))))
        return -EISDIR;
    if (!created) {
        int mask = 0;
        if (acc == O_RDONLY || acc == O_RDWR)
            mask |= R_OK;
        if (want_write || (flags & O_TRUNC))
            mask |= W_OK;
        int rc = vfs_permission(cred, inode, mask);
        if (rc < 0)
            return rc;
    }
    if ((want_write || (flags & O_TRUNC)) && S_ISREG(inode->mode) && (inode->fs->flags & ST_RDONLY))
        return -EROFS;

    struct file *f;
    int rc;
    if (inode->ops->open && (S_ISREG(inode->mode) || S_ISDIR(inode->mode)))
        return inode->ops->open(inode, flags, out);
    switch (inode->mode & S_IFMT) {
    case S_IFREG:
        rc = file_create(inode, &vfs_regular_file_ops, flags, NULL, &f);
        break;
    case S_IFDIR:
        rc = file_create(inode, &vfs_directory_file_ops, flags, NULL, &f);
        break;
    case S_IFCHR:
        return device_open_char(inode, flags, out);
    default:
        /* FIFOs, sockets and block devices have no driver behind them yet. */
        return -ENXIO;
    }
    if (rc < 0)
        return rc;
    if ((flags & O_TRUNC) && S_ISREG(inode->mode) && !created) {
        rc = vfs_truncate_inode(inode, 0);
        if (rc < 0) {
            file_put(f);
            return rc;
        }
    }
    *out = f;
    return 0;
}

int vfs_open_inode(const struct vfs_cred *cred, struct inode *inode, int flags, struct file **out)
{
    if ((flags & O_ACCMODE) == O_ACCMODE || (flags & ~VFS_OPEN_KNOWN_FLAGS))
        return -EINVAL;
    return vfs_open_checked(cred, inode, flags & ~(O_CREAT | O_EXCL), false, out);
}

/* The O_CREAT path: the last component is looked up with the directory
 * locked, and created if missing. A symlink there is followed (creating its
 * target if that is missing) unless O_EXCL or O_NOFOLLOW says otherwise. */
static int vfs_open_create(const struct vfs_context *ctx, const char *path, int flags, mode_t mode,
                           struct file **out)
{
    struct vfs_last_link ll;
    struct inode *dir = NULL, *inode = NULL;
    char name[NAME_MAX + 1];
    bool trailing, created = false;
    int rc;
    vfs_last_link_begin(&ll, ctx);
    for (;;) {
        rc = vfs_resolve_parent(&ll.ctx, path, &dir, name, &trailing);
        if (rc < 0)
            goto out;
        if (vfs_name_is_dot_or_dotdot(name) || trailing) {
            rc = -EISDIR;
            goto out;
        }
        vfs_lock_dir_for_change(dir);
        rc = vfs_lookup_locked(dir, name, &inode);
        if (rc == -ENOENT) {
            struct vfs_new_node node;
            vfs_new_node_attrs(&ll.ctx, dir, S_IFREG | ((mode & S_IALLUGO) & ~ctx->umask), &node);
            rc = vfs_create_in(&ll.ctx, dir, name, &node, &inode);
            created = rc == 0;
            vfs_unlock_dir_for_change(dir);
            if (rc < 0)
                inode = NULL;
            break;
        }
        vfs_unlock_dir_for_change(dir);
        if (rc < 0) {
            inode = NULL;
            goto out;
        }
        if (flags & O_EXCL) {
            rc = -EEXIST;
            goto out;
        }
        if (!S_ISLNK(inode->mode) || (flags & O_NOFOLLOW)) {
            inode = mount_cross_down(inode);
            break;
        }
        rc = vfs_last_link_follow(&ll, inode, &dir, &path);
        inode_put(inode);
        inode = NULL;
        if (rc < 0)
            goto out;
    }
    if (rc == 0)
        rc = vfs_open_checked(ctx->cred, inode, flags, created, out);
out:
    if (inode)
        inode_put(inode);
    if (dir)
        inode_put(dir);
    vfs_last_link_end(&ll);
    return rc;
}

int vfs_open(const struct vfs_context *ctx, const char *path, int flags, mode_t mode, struct file **out)
{
    if ((flags & O_ACCMODE) == O_ACCMODE || (flags & ~VFS_OPEN_KNOWN_FLAGS))
        return -EINVAL;
    if (flags & O_CREAT)
        return vfs_open_create(ctx, path, flags, mode, out);
    struct inode *inode;
    unsigned lookup = (flags & O_NOFOLLOW) ? 0 : VFS_LOOKUP_FOLLOW;
    if (flags & O_DIRECTORY)
        lookup |= VFS_LOOKUP_DIRECTORY;
    int rc = vfs_resolve(ctx, path, lookup, &inode);
    if (rc < 0)
        return rc;
    rc = vfs_open_checked(ctx->cred, inode, flags, false, out);
    inode_put(inode);
    return rc;
}
