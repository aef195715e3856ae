/* Operations that change the name space: mkdir, mknod, symlink, link,
 * unlink, rmdir, rename, plus readlink. Each resolves its parent directory
 * first, then takes fs->ns_lock and the directory locks (see fs/inode.h)
 * and re-checks everything that matters under them. */
#include "fs/mount.h"
#include "fs/name_cache.h"
#include "fs/path_internal.h"
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include <string.h>

void vfs_lock_dir_for_change(struct inode *dir)
{
    mutex_lock(&dir->fs->ns_lock);
    mutex_lock(&dir->lock);
}

void vfs_unlock_dir_for_change(struct inode *dir)
{
    mutex_unlock(&dir->lock);
    mutex_unlock(&dir->fs->ns_lock);
}

int vfs_lookup_locked(struct inode *dir, const char *name, struct inode **out)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    if (!dir->ops->lookup)
        return -ENOTDIR;
    return dir->ops->lookup(dir, name, out);
}

void vfs_new_node_attrs(const struct vfs_context *ctx, const struct inode *dir, mode_t mode,
                        struct vfs_new_node *node)
{
    memset(node, 0, sizeof(*node));
    node->uid = ctx->cred->euid;
    /* A set-group-ID directory hands its group down, and to directories
     * also the bit itself, so whole trees share one group. */
    if (dir->mode & S_ISGID) {
        node->gid = dir->gid;
        if (S_ISDIR(mode))
            mode |= S_ISGID;
    } else {
        node->gid = ctx->cred->egid;
    }
    node->mode = mode;
}

int vfs_may_delete(const struct vfs_cred *cred, const struct inode *dir, const struct inode *victim)
{
    if ((dir->mode & S_ISVTX) && cred->euid != 0 && cred->euid != victim->uid &&
        cred->euid != dir->uid)
        return -EPERM;
    return 0;
}

int vfs_create_in(const struct vfs_context *ctx, struct inode *dir, const char *name,
                  const struct vfs_new_node *node, struct inode **out)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    if (dir->nlink == 0)
        return -ENOENT;     /* the directory was removed while we looked */
    struct inode *existing;
    int rc = vfs_lookup_locked(dir, name, &existing);
    if (rc == 0) {
        inode_put(existing);
        return -EEXIST;
    }
    if (rc != -ENOENT)
        return rc;
    rc = vfs_permission(ctx->cred, dir, W_OK | X_OK);
    if (rc < 0)
        return rc;
    if (dir->fs->flags & ST_RDONLY)
        return -EROFS;
    if (S_ISDIR(node->mode))
        return dir->ops->mkdir ? dir->ops->mkdir(dir, name, node, out) : -EPERM;
    return dir->ops->create ? dir->ops->create(dir, name, node, out) : -EPERM;
}

/* mkdir, mknod and symlink. */
static int vfs_make_node(const struct vfs_context *ctx, const char *path, mode_t mode, dev_t rdev,
                         const char *symlink_target)
{
    struct inode *dir, *created;
    char name[NAME_MAX + 1];
    bool trailing;
    int rc = vfs_resolve_parent(ctx, path, &dir, name, &trailing);
    if (rc < 0)
        return rc;
    if (vfs_name_is_dot_or_dotdot(name)) {
        rc = -EEXIST;
        goto out_put;
    }
    struct vfs_new_node node;
    vfs_new_node_attrs(ctx, dir, mode, &node);
    node.rdev = rdev;
    node.symlink_target = symlink_target;
    vfs_lock_dir_for_change(dir);
    if (trailing && !S_ISDIR(mode)) {
        /* "name/" can only ever name a directory. */
        rc = vfs_lookup_locked(dir, name, &created);
        if (rc == 0) {
            inode_put(created);
            rc = -EEXIST;
        }
    } else {
        rc = vfs_create_in(ctx, dir, name, &node, &created);
        if (rc == 0)
            inode_put(created);
    }
    vfs_unlock_dir_for_change(dir);
out_put:
    inode_put(dir);
    return rc;
}

int vfs_mkdir(const struct vfs_context *ctx, const char *path, mode_t mode)
{
    mode = (mode & (S_IRWXU | S_IRWXG | S_IRWXO | S_ISVTX)) & ~ctx->umask;
    return vfs_make_node(ctx, path, S_IFDIR | mode, 0, NULL);
}

int vfs_mknod(const struct vfs_context *ctx, const char *path, mode_t mode, dev_t dev)
{
    mode_t type = mode & S_IFMT;
    if (type == 0)
        type = S_IFREG;
    switch (type) {
    case S_IFREG:
    case S_IFIFO:
    case S_IFSOCK:
        break;
    case S_IFCHR:
    case S_IFBLK:
        if (ctx->cred->euid != 0)
            return -EPERM;
        break;
    default:
        return -EINVAL;
    }
    mode = (mode & S_IALLUGO) & ~ctx->umask;
    return vfs_make_node(ctx, path, type | mode, (type == S_IFCHR || type == S_IFBLK) ? dev : 0, NULL);
}

int vfs_symlink(const struct vfs_context *ctx, const char *target, const char *link_path)
{
    int rc = vfs_path_check(target);
    if (rc < 0)
        return rc;
    return vfs_make_node(ctx, link_path, S_IFLNK | 0777, 0, target);
}

ssize_t vfs_readlink(const struct vfs_context *ctx, const char *path, char *buf, size_t size)
{
    struct inode *inode;
    int rc = vfs_resolve(ctx, path, 0, &inode);
    if (rc < 0)
        return rc;
    ssize_t n = -EINVAL;
    if (S_ISLNK(inode->mode) && inode->ops->readlink) {
        mutex_lock(&inode->lock);
        n = inode->ops->readlink(inode, buf, size);
        mutex_unlock(&inode->lock);
    }
    inode_put(inode);
    return n;
}

int vfs_link(const struct vfs_context *ctx, const char *old_path, const char *new_path, int flags)
{
    return vfs_linkat(ctx, old_path, ctx, new_path, flags);
}

int vfs_linkat(const struct vfs_context *ctx, const char *old_path, const struct vfs_context *new_ctx,
               const char *new_path, int flags)
{
    struct vfs_context new_local = *new_ctx;
    new_local.cred = ctx->cred;
    if (flags & ~AT_SYMLINK_FOLLOW)
        return -EINVAL;
    struct inode *target, *dir, *existing;
    char name[NAME_MAX + 1];
    bool trailing;
    int rc = vfs_resolve(ctx, old_path, (flags & AT_SYMLINK_FOLLOW) ? VFS_LOOKUP_FOLLOW : 0, &target);
    if (rc < 0)
        return rc;
    if (S_ISDIR(target->mode)) {
        rc = -EPERM;
        goto out_target;
    }
    rc = vfs_resolve_parent(&new_local, new_path, &dir, name, &trailing);
    if (rc < 0)
        goto out_target;
    if (vfs_name_is_dot_or_dotdot(name)) {
        rc = -EEXIST;
        goto out_dir;
    }
    if (dir->fs != target->fs) {
        rc = -EXDEV;
        goto out_dir;
    }
    vfs_lock_dir_for_change(dir);
    rc = vfs_lookup_locked(dir, name, &existing);
    if (rc == 0) {
        inode_put(existing);
        rc = -EEXIST;
        goto out_unlock;
    }
    if (rc != -ENOENT)
        goto out_unlock;
    rc = trailing ? -ENOENT : vfs_permission(ctx->cred, dir, W_OK | X_OK);
    if (rc < 0)
        goto out_unlock;
    if (dir->nlink == 0) {
        rc = -ENOENT;
        goto out_unlock;
    }
    if (dir->fs->flags & ST_RDONLY) {
        rc = -EROFS;
        goto out_unlock;
    }
    if (!dir->ops->link) {
        rc = -EPERM;
        goto out_unlock;
    }
    mutex_lock(&target->lock);
    if (target->nlink == 0)
        rc = -ENOENT;       /* unlinked while open: it may not come back */
    else if (target->nlink >= LINK_MAX)
        rc = -EMLINK;
    else
        rc = dir->ops->link(dir, name, target);
    mutex_unlock(&target->lock);
out_unlock:
    vfs_unlock_dir_for_change(dir);
out_dir:
    inode_put(dir);
out_target:
    inode_put(target);
    return rc;
}

/* Everything unlink and rmdir refuse before asking the fs; dir locked. */
static int vfs_remove_check(const struct vfs_context *ctx, struct inode *dir, struct inode *victim,
                            bool want_dir, bool trailing)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    if (want_dir) {
        if (!S_ISDIR(victim->mode))
            return -ENOTDIR;
        if (victim == ctx->root || victim == victim->fs->root || mount_is_covered(victim))
            return -EBUSY;
    } else {
        if (S_ISDIR(victim->mode))
            return -EISDIR;
        if (trailing)
            return -ENOTDIR;
    }
    int rc = vfs_permission(ctx->cred, dir, W_OK | X_OK);
    if (rc < 0)
        return rc;
    rc = vfs_may_delete(ctx->cred, dir, victim);
    if (rc < 0)
        return rc;
    if (dir->fs->flags & ST_RDONLY)
        return -EROFS;
    if (!(want_dir ? dir->ops->rmdir : dir->ops->unlink))
        return -EPERM;
    return 0;
}

/* The common part of unlink and rmdir once the name is known to be a
 * proper one. */
static int vfs_remove(const struct vfs_context *ctx, struct inode *dir, const char *name, bool want_dir,
                      bool trailing)
{
    struct inode *victim;
    vfs_lock_dir_for_change(dir);
    int rc = vfs_lookup_locked(dir, name, &victim);
    if (rc == 0) {
        rc = vfs_remove_check(ctx, dir, victim, want_dir, trailing);
        if (rc == 0) {
            mutex_lock(&victim->lock);
            rc = want_dir ? dir->ops->rmdir(dir, name, victim) : dir->ops->unlink(dir, name, victim);
            mutex_unlock(&victim->lock);
            if (rc == 0)
                name_cache_invalidate(dir, name);
        }
        inode_put(victim);
    }
    vfs_unlock_dir_for_change(dir);
    return rc;
}

int vfs_unlink(const struct vfs_context *ctx, const char *path)
{
    struct inode *dir;
    char name[NAME_MAX + 1];
    bool trailing;
    int rc = vfs_resolve_parent(ctx, path, &dir, name, &trailing);
    if (rc < 0)
        return rc;
    rc = vfs_name_is_dot_or_dotdot(name) ? -EISDIR : vfs_remove(ctx, dir, name, false, trailing);
    inode_put(dir);
    return rc;
}

int vfs_rmdir(const struct vfs_context *ctx, const char *path)
{
    struct inode *dir;
    char name[NAME_MAX + 1];
    bool trailing;
    int rc = vfs_resolve_parent(ctx, path, &dir, name, &trailing);
    if (rc < 0)
        return rc;
    if (name[0] == '.' && name[1] == '\0')
        /* "/" comes back as the root and "."; removing it is refused as busy. */
        rc = path[strspn(path, "/")] == '\0' ? -EBUSY : -EINVAL;
    else if (vfs_name_is_dot_or_dotdot(name))
        rc = -ENOTEMPTY;
    else
        rc = vfs_remove(ctx, dir, name, true, trailing);
    inode_put(dir);
    return rc;
}
