/* rename(2): atomic replacement, with every POSIX refusal checked under the
 * locks before the file system is asked. */
#include "fs/mount.h"
#include "fs/name_cache.h"
#include "fs/path_internal.h"
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

/* fs->ns_lock held (so no directory moves meanwhile). Whether dir is `ancestor`
 * or lies below it, found by walking ".." up to the fs root. */
static bool vfs_is_within(struct inode *dir, struct inode *ancestor)
{
    ASSERT_MUTEX_HELD(&dir->fs->ns_lock);
    struct inode *cur = inode_get(dir);
    for (;;) {
        if (cur == ancestor) {
            inode_put(cur);
            return true;
        }
        struct inode *up;
        if (cur == cur->fs->root || cur->ops->lookup(cur, "..", &up) < 0) {
            inode_put(cur);
            return false;
        }
        inode_put(cur);
        if (up == cur) {
            inode_put(up);
            return false;
        }
        cur = up;
    }
}

/* Everything short of the fs call; both directory locks held. */
static int vfs_rename_check(const struct vfs_context *ctx, struct inode *old_dir, struct inode *inode,
                            struct inode *new_dir, struct inode *replaced, bool trailing)
{
    if (old_dir->nlink == 0 || new_dir->nlink == 0)
        return -ENOENT;
    if (trailing && !S_ISDIR(inode->mode))
        return -ENOTDIR;
    if (mount_is_covered(inode) || (replaced && mount_is_covered(replaced)) || inode == ctx->root ||
        (replaced && replaced == ctx->root))
        return -EBUSY;
    if (S_ISDIR(inode->mode)) {
        if (replaced && !S_ISDIR(replaced->mode))
            return -ENOTDIR;
        if (new_dir != old_dir && vfs_is_within(new_dir, inode))
            return -EINVAL;
        if (replaced == old_dir)
            return -ENOTEMPTY;  /* it holds inode */
    } else if (replaced && S_ISDIR(replaced->mode)) {
        return -EISDIR;
    }
    int rc = vfs_permission(ctx->cred, old_dir, W_OK | X_OK);
    if (rc == 0)
        rc = vfs_permission(ctx->cred, new_dir, W_OK | X_OK);
    /* A directory that changes parent gets a new "..": that is a write to it. */
    if (rc == 0 && S_ISDIR(inode->mode) && new_dir != old_dir)
        rc = vfs_permission(ctx->cred, inode, W_OK);
    if (rc == 0)
        rc = vfs_may_delete(ctx->cred, old_dir, inode);
    if (rc == 0 && replaced)
        rc = vfs_may_delete(ctx->cred, new_dir, replaced);
    if (rc == 0 && (old_dir->fs->flags & ST_RDONLY))
        rc = -EROFS;
    if (rc == 0 && !old_dir->ops->rename)
        rc = -EPERM;
    return rc;
}

int vfs_rename(const struct vfs_context *ctx, const char *old_path, const char *new_path)
{
    return vfs_renameat(ctx, old_path, ctx, new_path);
}

int vfs_renameat(const struct vfs_context *ctx, const char *old_path,
                 const struct vfs_context *new_ctx, const char *new_path)
{
    struct vfs_context new_local = *new_ctx;
    new_local.cred = ctx->cred;
    struct inode *old_dir, *new_dir, *inode = NULL, *replaced = NULL;
    char old_name[NAME_MAX + 1], new_name[NAME_MAX + 1];
    bool old_trailing, new_trailing;
    int rc = vfs_resolve_parent(ctx, old_path, &old_dir, old_name, &old_trailing);
    if (rc < 0)
        return rc;
    rc = vfs_resolve_parent(&new_local, new_path, &new_dir, new_name, &new_trailing);
    if (rc < 0)
        goto out_old_dir;
    if (vfs_name_is_dot_or_dotdot(old_name) || vfs_name_is_dot_or_dotdot(new_name)) {
        rc = -EINVAL;
        goto out_new_dir;
    }
    if (old_dir->fs != new_dir->fs) {
        rc = -EXDEV;
        goto out_new_dir;
    }
    struct vfs_fs *fs = old_dir->fs;
    mutex_lock(&fs->ns_lock);
    mutex_lock(&old_dir->lock);
    if (new_dir != old_dir)
        mutex_lock(&new_dir->lock);

    rc = vfs_lookup_locked(old_dir, old_name, &inode);
    if (rc < 0)
        goto out_unlock;
    rc = vfs_lookup_locked(new_dir, new_name, &replaced);
    if (rc == -ENOENT) {
        replaced = NULL;
        rc = 0;
    }
    if (rc < 0)
        goto out_unlock;
    if (inode == replaced) {
        rc = 0;         /* two names of one file: POSIX says do nothing */
        goto out_unlock;
    }
    rc = vfs_rename_check(ctx, old_dir, inode, new_dir, replaced, old_trailing || new_trailing);
    if (rc < 0)
        goto out_unlock;
    mutex_lock(&inode->lock);
    if (replaced)
        mutex_lock(&replaced->lock);
    rc = old_dir->ops->rename(old_dir, old_name, inode, new_dir, new_name, replaced);
    if (replaced)
        mutex_unlock(&replaced->lock);
    mutex_unlock(&inode->lock);
    if (rc == 0) {
        name_cache_invalidate(old_dir, old_name);
        name_cache_invalidate(new_dir, new_name);
    }
out_unlock:
    if (new_dir != old_dir)
        mutex_unlock(&new_dir->lock);
    mutex_unlock(&old_dir->lock);
    mutex_unlock(&fs->ns_lock);
    if (replaced)
        inode_put(replaced);
    if (inode)
        inode_put(inode);
out_new_dir:
    inode_put(new_dir);
out_old_dir:
    inode_put(old_dir);
    return rc;
}
