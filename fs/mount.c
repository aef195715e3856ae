/* The mount table, mounting and unmounting. */
#include "fs/mount.h"
#include "fs/name_cache.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include <string.h>

struct mount {
    struct list_node node;
    struct vfs_fs *fs;
    struct inode *covered;      /* one reference; NULL for the root fs */
    struct inode *root;         /* one reference: fs->root */
};

/* Protects mounts, root_mount and every fs->mounted. Held while crossing,
 * so unmounting and a walk into the fs exclude each other. */
static struct mutex mount_lock = MUTEX_INIT(mount_lock, "mount_table");
static struct list_node mounts = LIST_INIT(mounts);
static struct mount *root_mount;

/* mount_lock held. */
static struct mount *mount_find_covering(const struct inode *dir)
{
    ASSERT_MUTEX_HELD(&mount_lock);
    list_for_each(n, &mounts) {
        struct mount *m = list_entry(n, struct mount, node);
        if (m->covered == dir)
            return m;
    }
    return NULL;
}

/* mount_lock held. */
static struct mount *mount_find_root(const struct inode *root)
{
    ASSERT_MUTEX_HELD(&mount_lock);
    list_for_each(n, &mounts) {
        struct mount *m = list_entry(n, struct mount, node);
        if (m->root == root)
            return m;
    }
    return NULL;
}

struct inode *mount_cross_down(struct inode *inode)
{
    if (!S_ISDIR(inode->mode))
        return inode;
    mutex_lock(&mount_lock);
    struct mount *m;
    struct inode *start = inode;
    while ((m = mount_find_covering(inode)))
        inode = m->root;
    if (inode != start)
        inode_get(inode);
    mutex_unlock(&mount_lock);
    if (inode != start)
        inode_put(start);
    return inode;
}

struct inode *mount_cross_up(struct inode *inode)
{
    if (inode != inode->fs->root)
        return inode;
    mutex_lock(&mount_lock);
    struct mount *m;
    struct inode *start = inode;
    while ((m = mount_find_root(inode)) && m->covered)
        inode = m->covered;
    if (inode != start)
        inode_get(inode);
    mutex_unlock(&mount_lock);
    if (inode != start)
        inode_put(start);
    return inode;
}

bool mount_is_covered(const struct inode *inode)
{
    mutex_lock(&mount_lock);
    bool covered = mount_find_covering(inode) != NULL;
    mutex_unlock(&mount_lock);
    return covered;
}

bool mount_is_root(const struct inode *inode)
{
    return inode == inode->fs->root && inode->fs->mounted;
}

void mount_set_root(struct vfs_fs *fs)
{
    struct mount *m = kzalloc(sizeof(*m));
    if (!m)
        panic("vfs: no memory to mount the root file system");
    m->fs = fs;
    m->covered = NULL;
    m->root = inode_get(fs->root);
    mutex_lock(&mount_lock);
    ASSERT(!root_mount);
    ASSERT(!fs->mounted);
    fs->mounted = true;
    root_mount = m;
    list_push_back(&mounts, &m->node);
    mutex_unlock(&mount_lock);
}

int mount_table_snapshot(struct mount_info **out, size_t *count)
{
    mutex_lock(&mount_lock);
    size_t n = 0;
    list_for_each(node, &mounts)
        n++;
    struct mount_info *infos = kcalloc(n ? n : 1, sizeof(*infos));
    if (!infos) {
        mutex_unlock(&mount_lock);
        return -ENOMEM;
    }
    size_t i = 0;
    list_for_each(node, &mounts) {
        struct mount *m = list_entry(node, struct mount, node);
        strlcpy(infos[i].type, m->fs->type_name, sizeof(infos[i].type));
        infos[i].flags = m->fs->flags;
        infos[i].dev = m->fs->dev;
        infos[i].covered = m->covered ? inode_get(m->covered) : NULL;
        i++;
    }
    mutex_unlock(&mount_lock);
    *out = infos;
    *count = n;
    return 0;
}

void mount_table_snapshot_free(struct mount_info *infos, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (infos[i].covered)
            inode_put(infos[i].covered);
    kfree(infos);
}

struct inode *vfs_root(void)
{
    mutex_lock(&mount_lock);
    struct inode *root = root_mount ? inode_get(root_mount->root) : NULL;
    mutex_unlock(&mount_lock);
    return root;
}

int vfs_mount_at(struct vfs_fs *fs, struct inode *dir)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    struct mount *m = kzalloc(sizeof(*m));
    if (!m)
        return -ENOMEM;
    int rc = 0;
    mutex_lock(&mount_lock);
    if (fs->mounted || mount_find_covering(dir)) {
        rc = -EBUSY;
    } else {
        m->fs = fs;
        m->covered = inode_get(dir);
        m->root = inode_get(fs->root);
        fs->mounted = true;
        list_push_back(&mounts, &m->node);
    }
    mutex_unlock(&mount_lock);
    if (rc < 0)
        kfree(m);
    return rc;
}

int vfs_mount(const struct vfs_context *ctx, struct vfs_fs *fs, const char *path)
{
    struct inode *dir;
    int rc = vfs_resolve(ctx, path, VFS_LOOKUP_FOLLOW | VFS_LOOKUP_DIRECTORY, &dir);
    if (rc < 0)
        return rc;
    if (ctx->cred->euid != 0)
        rc = -EPERM;
    else
        rc = vfs_mount_at(fs, dir);
    inode_put(dir);
    return rc;
}

int vfs_umount(const struct vfs_context *ctx, const char *path)
{
    if (ctx->cred->euid != 0)
        return -EPERM;
    struct inode *root;
    int rc = vfs_resolve(ctx, path, VFS_LOOKUP_FOLLOW, &root);
    if (rc < 0)
        return rc;
    mutex_lock(&mount_lock);
    struct mount *m = mount_find_root(root);
    /* The mount's own reference keeps root alive from here on. */
    inode_put(root);
    if (!m) {
        rc = -EINVAL;
        goto unlock;
    }
    if (m == root_mount || mount_find_covering(root)) {
        rc = -EBUSY;
        goto unlock;
    }
    name_cache_purge_fs(m->fs);
    if (vfs_fs_busy(m->fs)) {
        rc = -EBUSY;
        goto unlock;
    }
    list_remove(&m->node);
    m->fs->mounted = false;
unlock:
    mutex_unlock(&mount_lock);
    if (rc < 0)
        return rc;
    inode_put(m->root);
    inode_put(m->covered);
    if (m->fs->ops->sync)
        m->fs->ops->sync(m->fs);
    m->fs->ops->destroy(m->fs);
    kfree(m);
    return 0;
}

int vfs_sync(void)
{
    int result = 0;
    mutex_lock(&mount_lock);
    list_for_each(n, &mounts) {
        struct mount *m = list_entry(n, struct mount, node);
        if (m->fs->ops->sync) {
            int rc = m->fs->ops->sync(m->fs);
            if (rc < 0 && result == 0)
                result = rc;
        }
    }
    mutex_unlock(&mount_lock);
    return result;
}
