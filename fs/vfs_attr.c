/* Attributes: stat, chmod, chown, truncate, utimes, access and statvfs. */
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include <string.h>

static unsigned vfs_follow_flag(int flags)
{
    return (flags & AT_SYMLINK_NOFOLLOW) ? 0 : VFS_LOOKUP_FOLLOW;
}

/* The file a path call acts on, where AT_SYMLINK_NOFOLLOW is the only
 * flag it takes. */
static int vfs_resolve_attr_target(const struct vfs_context *ctx, const char *path, int flags,
                                   struct inode **out)
{
    if (flags & ~AT_SYMLINK_NOFOLLOW)
        return -EINVAL;
    return vfs_resolve(ctx, path, vfs_follow_flag(flags), out);
}

/* inode->lock held. Hands the change to the fs, or makes it in memory. */
static int vfs_apply_attr(struct inode *inode, struct vfs_attr *attr)
{
    ASSERT_MUTEX_HELD(&inode->lock);
    if (!(attr->valid & VFS_ATTR_CTIME)) {
        vfs_now(&attr->ctime);
        attr->valid |= VFS_ATTR_CTIME;
    }
    if (inode->ops->setattr) {
        int rc = inode->ops->setattr(inode, attr);
        if (rc < 0)
            return rc;
    }
    if (attr->valid & VFS_ATTR_MODE)
        inode->mode = (inode->mode & S_IFMT) | (attr->mode & S_IALLUGO);
    if (attr->valid & VFS_ATTR_UID)
        inode->uid = attr->uid;
    if (attr->valid & VFS_ATTR_GID)
        inode->gid = attr->gid;
    if (attr->valid & VFS_ATTR_ATIME)
        inode->atime = attr->atime;
    if (attr->valid & VFS_ATTR_MTIME)
        inode->mtime = attr->mtime;
    inode->ctime = attr->ctime;
    return 0;
}

/* ---- stat ----------------------------------------------------------------- */

void vfs_stat_inode(struct inode *inode, struct stat *out)
{
    memset(out, 0, sizeof(*out));
    mutex_lock(&inode->lock);
    out->st_dev = inode->fs->dev;
    out->st_ino = inode->ino;
    out->st_mode = inode->mode;
    out->st_nlink = inode->nlink;
    out->st_uid = inode->uid;
    out->st_gid = inode->gid;
    out->st_rdev = inode->rdev;
    out->st_size = inode->size;
    out->st_blksize = 4096;
    out->st_blocks = inode->blocks;
    out->st_atim = inode->atime;
    out->st_mtim = inode->mtime;
    out->st_ctim = inode->ctime;
    mutex_unlock(&inode->lock);
}

int vfs_stat(const struct vfs_context *ctx, const char *path, int flags, struct stat *out)
{
    struct inode *inode;
    int rc = vfs_resolve_attr_target(ctx, path, flags, &inode);
    if (rc < 0)
        return rc;
    vfs_stat_inode(inode, out);
    inode_put(inode);
    return 0;
}

/* ---- chmod / chown ---------------------------------------------------------- */

int vfs_chmod_inode(const struct vfs_cred *cred, struct inode *inode, mode_t mode)
{
    if (cred->euid != 0 && cred->euid != inode->uid)
        return -EPERM;
    if (inode->fs->flags & ST_RDONLY)
        return -EROFS;
    mutex_lock(&inode->lock);
    mode &= S_IALLUGO;
    /* Only members may make a file set-group-ID for that group. */
    if (cred->euid != 0 && !vfs_cred_in_group(cred, inode->gid))
        mode &= ~(mode_t)S_ISGID;
    struct vfs_attr attr = { .valid = VFS_ATTR_MODE, .mode = mode };
    int rc = vfs_apply_attr(inode, &attr);
    mutex_unlock(&inode->lock);
    return rc;
}

int vfs_chmod(const struct vfs_context *ctx, const char *path, int flags, mode_t mode)
{
    struct inode *inode;
    int rc = vfs_resolve_attr_target(ctx, path, flags, &inode);
    if (rc < 0)
        return rc;
    /* Symlink permissions mean nothing; Linux refuses to change them too. */
    rc = S_ISLNK(inode->mode) ? -EOPNOTSUPP : vfs_chmod_inode(ctx->cred, inode, mode);
    inode_put(inode);
    return rc;
}

int vfs_chown_inode(const struct vfs_cred *cred, struct inode *inode, uid_t uid, gid_t gid)
{
    if (inode->fs->flags & ST_RDONLY)
        return -EROFS;
    mutex_lock(&inode->lock);
    int rc = 0;
    bool change_uid = uid != (uid_t)-1 && uid != inode->uid;
    bool change_gid = gid != (gid_t)-1 && gid != inode->gid;
    if (cred->euid != 0) {
        /* Giving a file away is root's privilege; its owner may only move
         * it between groups the owner belongs to. */
        if (change_uid)
            rc = -EPERM;
        else if ((uid != (uid_t)-1 || gid != (gid_t)-1) && cred->euid != inode->uid)
            rc = -EPERM;
        else if (change_gid && !vfs_cred_in_group(cred, gid))
            rc = -EPERM;
    }
    if (rc == 0) {
        struct vfs_attr attr = { .valid = 0 };
        if (uid != (uid_t)-1) {
            attr.valid |= VFS_ATTR_UID;
            attr.uid = uid;
        }
        if (gid != (gid_t)-1) {
            attr.valid |= VFS_ATTR_GID;
            attr.gid = gid;
        }
        /* A set-ID program must not keep its powers under a new owner. */
        if ((change_uid || change_gid) && !S_ISDIR(inode->mode)) {
            mode_t mode = inode->mode & S_IALLUGO & ~(mode_t)S_ISUID;
            if (mode & S_IXGRP)
                mode &= ~(mode_t)S_ISGID;
            if (mode != (inode->mode & S_IALLUGO)) {
                attr.valid |= VFS_ATTR_MODE;
                attr.mode = mode;
            }
        }
        rc = vfs_apply_attr(inode, &attr);
    }
    mutex_unlock(&inode->lock);
    return rc;
}

int vfs_chown(const struct vfs_context *ctx, const char *path, int flags, uid_t uid, gid_t gid)
{
    struct inode *inode;
    int rc = vfs_resolve_attr_target(ctx, path, flags, &inode);
    if (rc < 0)
        return rc;
    rc = vfs_chown_inode(ctx->cred, inode, uid, gid);
    inode_put(inode);
    return rc;
}

/* ---- truncate ------------------------------------------------------------------ */

int vfs_truncate_inode(struct inode *inode, off_t length)
{
    if (length < 0)
        return -EINVAL;
    if (S_ISDIR(inode->mode))
        return -EISDIR;
    if (!S_ISREG(inode->mode))
        return -EINVAL;
    if (!inode->ops->truncate)
        return -EPERM;
    if (inode->fs->flags & ST_RDONLY)
        return -EROFS;
    mutex_lock(&inode->lock);
    int rc = inode->ops->truncate(inode, length);
    if (rc == 0) {
        vfs_now(&inode->mtime);
        inode->ctime = inode->mtime;
    }
    mutex_unlock(&inode->lock);
    return rc;
}

int vfs_truncate(const struct vfs_context *ctx, const char *path, off_t length)
{
    struct inode *inode;
    int rc = vfs_resolve(ctx, path, VFS_LOOKUP_FOLLOW, &inode);
    if (rc < 0)
        return rc;
    if (S_ISDIR(inode->mode))
        rc = -EISDIR;
    else
        rc = vfs_permission(ctx->cred, inode, W_OK);
    if (rc == 0)
        rc = vfs_truncate_inode(inode, length);
    inode_put(inode);
    return rc;
}

/* ---- utimes ---------------------------------------------------------------------- */

static bool vfs_time_valid(const struct timespec *t)
{
    return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
           (t->tv_nsec >= 0 && t->tv_nsec < 1000000000l);
}

int vfs_utimes_inode(const struct vfs_cred *cred, struct inode *inode, const struct timespec times[2])
{
    struct timespec now;
    vfs_now(&now);
    struct timespec t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
    if (times) {
        if (!vfs_time_valid(&times[0]) || !vfs_time_valid(&times[1]))
            return -EINVAL;
        t[0] = times[0];
        t[1] = times[1];
    }
    if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
        return 0;
    bool only_now = (t[0].tv_nsec == UTIME_NOW || t[0].tv_nsec == UTIME_OMIT) &&
                    (t[1].tv_nsec == UTIME_NOW || t[1].tv_nsec == UTIME_OMIT);
    if (cred->euid != 0 && cred->euid != inode->uid) {
        /* Anyone who may write may "touch"; explicit times are the owner's. */
        if (!only_now)
            return -EPERM;
        if (vfs_permission(cred, inode, W_OK) < 0)
            return -EACCES;
    }
    if (inode->fs->flags & ST_RDONLY)
        return -EROFS;
    struct vfs_attr attr = { .valid = VFS_ATTR_CTIME, .ctime = now };
    if (t[0].tv_nsec != UTIME_OMIT) {
        attr.valid |= VFS_ATTR_ATIME;
        attr.atime = t[0].tv_nsec == UTIME_NOW ? now : t[0];
    }
    if (t[1].tv_nsec != UTIME_OMIT) {
        attr.valid |= VFS_ATTR_MTIME;
        attr.mtime = t[1].tv_nsec == UTIME_NOW ? now : t[1];
    }
    mutex_lock(&inode->lock);
    int rc = vfs_apply_attr(inode, &attr);
    mutex_unlock(&inode->lock);
    return rc;
}

int vfs_utimes(const struct vfs_context *ctx, const char *path, int flags, const struct timespec times[2])
{
    struct inode *inode;
    int rc = vfs_resolve_attr_target(ctx, path, flags, &inode);
    if (rc < 0)
        return rc;
    rc = vfs_utimes_inode(ctx->cred, inode, times);
    inode_put(inode);
    return rc;
}

/* ---- access ------------------------------------------------------------------------ */

int vfs_access(const struct vfs_context *ctx, const char *path, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    /* access() answers for the real ids, lookup included: that is what a
     * set-user-ID program asks before acting for the user who ran it. */
    struct vfs_cred real = *ctx->cred;
    if (!(flags & AT_EACCESS)) {
        real.euid = real.uid;
        real.egid = real.gid;
    }
    struct vfs_context local = *ctx;
    local.cred = &real;
    struct inode *inode;
    int rc = vfs_resolve(&local, path, vfs_follow_flag(flags), &inode);
    if (rc < 0)
        return rc;
    if (mode)
        rc = vfs_permission(&real, inode, mode);
    if (rc == 0 && (mode & W_OK) && (inode->fs->flags & ST_RDONLY) && !S_ISCHR(inode->mode) &&
        !S_ISBLK(inode->mode) && !S_ISFIFO(inode->mode) && !S_ISSOCK(inode->mode))
        rc = -EROFS;
    inode_put(inode);
    return rc;
}

/* ---- statvfs --------------------------------------------------------------------------- */

int vfs_statvfs_inode(struct inode *inode, struct statvfs *out)
{
    memset(out, 0, sizeof(*out));
    struct vfs_fs *fs = inode->fs;
    int rc = fs->ops->statvfs ? fs->ops->statvfs(fs, out) : 0;
    if (rc < 0)
        return rc;
    out->f_fsid = fs->dev;
    out->f_flag |= fs->flags;
    if (!out->f_namemax)
        out->f_namemax = NAME_MAX;
    return 0;
}

int vfs_statvfs(const struct vfs_context *ctx, const char *path, struct statvfs *out)
{
    struct inode *inode;
    int rc = vfs_resolve(ctx, path, VFS_LOOKUP_FOLLOW, &inode);
    if (rc < 0)
        return rc;
    rc = vfs_statvfs_inode(inode, out);
    inode_put(inode);
    return rc;
}
