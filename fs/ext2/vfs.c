/* ext2 for the VFS: VFS inodes wrap ext2 nodes, one per inode number while
 * any reference exists (a table under the fs lock); every operation takes
 * the fs lock around the core call and refreshes the VFS fields from the
 * disk inode afterwards. The VFS sets timestamps in struct inode itself, so
 * those are carried back into the disk inode before each operation, at
 * release and at sync. */
#include "fs/ext2/ext2.h"
#include "fs/ext2/ext2_internal.h"
#include "drivers/block.h"
#include "fs/inode.h"
#include "fs/vfs.h"
#include "kernel/api/dirent.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/heap.h"
#include <string.h>

#define EXT2_VNODE_BUCKETS 128

struct ext2_vnode {
    struct inode vfs;
    struct ext2_node node;          /* under mount->core->lock */
    struct ext2_vnode *hash_next;   /* under mount->core->lock */
    /* Times the table handed the inode out again after its count reached
     * zero but before release_inode ran (under core->lock). */
    unsigned resurrected;
};

struct ext2_mount {
    struct vfs_fs vfs;
    struct ext2_fs *core;
    struct block_device *bd;
    struct ext2_vnode *table[EXT2_VNODE_BUCKETS];   /* under core->lock */
};

static const struct inode_ops ext2_dir_ops, ext2_file_ops, ext2_symlink_ops, ext2_special_ops;

static struct ext2_mount *ext2_mount_of(struct vfs_fs *fs) { return fs->private_data; }
static struct ext2_vnode *ext2_vnode_of(struct inode *inode) { return container_of(inode, struct ext2_vnode, vfs); }
static struct ext2_node *ext2_node_of(struct inode *inode) { return &ext2_vnode_of(inode)->node; }
static struct ext2_fs *ext2_core_of(struct inode *inode) { return ext2_mount_of(inode->fs)->core; }

static const struct inode_ops *ext2_ops_for(uint16_t mode)
{
    if (S_ISDIR(mode))
        return &ext2_dir_ops;
    if (S_ISREG(mode))
        return &ext2_file_ops;
    if (S_ISLNK(mode))
        return &ext2_symlink_ops;
    return &ext2_special_ops;
}

/* Disk inode -> VFS fields. */
static void ext2_pull(struct ext2_vnode *v)
{
    const struct ext2_inode *r = &v->node.raw;
    v->vfs.mode = r->i_mode;
    v->vfs.uid = ext2_node_uid(&v->node);
    v->vfs.gid = ext2_node_gid(&v->node);
    v->vfs.nlink = r->i_links_count;
    v->vfs.size = (off_t)ext2_node_size(&v->node);
    v->vfs.blocks = r->i_blocks;
    v->vfs.rdev = 0;
    if (S_ISCHR(r->i_mode) || S_ISBLK(r->i_mode)) {
        unsigned major, minor;
        ext2_node_rdev_split(&v->node, &major, &minor);
        v->vfs.rdev = DEV_MAKE(major, minor);
    }
    if (v->vfs.atime.tv_sec != (time_t)r->i_atime)
        v->vfs.atime = (struct timespec){ r->i_atime, 0 };
    if (v->vfs.mtime.tv_sec != (time_t)r->i_mtime)
        v->vfs.mtime = (struct timespec){ r->i_mtime, 0 };
    if (v->vfs.ctime.tv_sec != (time_t)r->i_ctime)
        v->vfs.ctime = (struct timespec){ r->i_ctime, 0 };
}

/* VFS timestamps -> disk inode, written if they changed. */
static int ext2_push(struct ext2_fs *core, struct ext2_vnode *v)
{
    struct ext2_inode *r = &v->node.raw;
    uint32_t a = (uint32_t)v->vfs.atime.tv_sec, m = (uint32_t)v->vfs.mtime.tv_sec,
             c = (uint32_t)v->vfs.ctime.tv_sec;
    if ((a == r->i_atime && m == r->i_mtime && c == r->i_ctime) || core->readonly)
        return 0;
    r->i_atime = a;
    r->i_mtime = m;
    r->i_ctime = c;
    return ext2_node_store(core, &v->node);
}

static unsigned ext2_bucket(uint32_t ino) { return (ino * 2654435761u) >> 25; }

/* core->lock held. The VFS inode for a loaded node: the one in the table
 * (found is then discarded) or a new one. */
static int ext2_iget_node(struct ext2_mount *m, const struct ext2_node *found, struct inode **out)
{
    ASSERT_MUTEX_HELD(&m->core->lock);
    _Static_assert(EXT2_VNODE_BUCKETS == 128, "ext2_bucket gives 7 bits");
    unsigned bucket = ext2_bucket(found->ino);
    for (struct ext2_vnode *v = m->table[bucket]; v; v = v->hash_next) {
        if (v->node.ino != found->ino)
            continue;
        if (__atomic_load_n(&v->vfs.refcount, __ATOMIC_ACQUIRE) == 0) {
            /* Its last reference is gone and release_inode is on its way;
             * take it back instead of loading a second copy. */
            __atomic_store_n(&v->vfs.refcount, 1, __ATOMIC_RELEASE);
            __atomic_fetch_add(&m->vfs.refs_total, 1, __ATOMIC_RELAXED);
            v->resurrected++;
            *out = &v->vfs;
        } else {
            *out = inode_get(&v->vfs);
        }
        return 0;
    }
    struct ext2_vnode *v = kzalloc(sizeof(*v));
    if (!v)
        return -ENOMEM;
    v->node = *found;
    inode_init(&v->vfs, &m->vfs, ext2_ops_for(found->raw.i_mode), found->ino, found->raw.i_mode,
               ext2_node_uid(found), ext2_node_gid(found));
    v->vfs.atime.tv_sec = v->vfs.mtime.tv_sec = v->vfs.ctime.tv_sec = -1;
    ext2_pull(v);
    v->hash_next = m->table[bucket];
    m->table[bucket] = v;
    *out = &v->vfs;
    return 0;
}

static void ext2_release_inode(struct inode *inode)
{
    struct ext2_mount *m = ext2_mount_of(inode->fs);
    struct ext2_vnode *v = ext2_vnode_of(inode);
    mutex_lock(&m->core->lock);
    if (v->resurrected) {
        v->resurrected--;
        mutex_unlock(&m->core->lock);
        return;
    }
    ASSERT(__atomic_load_n(&inode->refcount, __ATOMIC_ACQUIRE) == 0);
    if (!m->core->readonly) {
        ext2_push(m->core, v);
        /* Unlinked while in use: now it can go. */
        if (v->node.raw.i_links_count == 0)
            ext2_node_delete(m->core, &v->node);
    }
    struct ext2_vnode **pp = &m->table[ext2_bucket(v->node.ino)];
    while (*pp != v) {
        ASSERT(*pp);
        pp = &(*pp)->hash_next;
    }
    *pp = v->hash_next;
    mutex_unlock(&m->core->lock);
    kfree(v);
}

/* ---- directories ------------------------------------------------------- */

static int ext2_v_lookup(struct inode *dir, const char *name, struct inode **out)
{
    struct ext2_mount *m = ext2_mount_of(dir->fs);
    if (dir->nlink == 0)
        return -ENOENT;     /* removed: not even ".." */
    struct ext2_node found;
    mutex_lock(&m->core->lock);
    int rc = ext2_lookup(m->core, ext2_node_of(dir), name, &found);
    if (rc == 0)
        rc = ext2_iget_node(m, &found, out);
    mutex_unlock(&m->core->lock);
    return rc;
}

static void ext2_new_from_vfs(const struct vfs_new_node *vn, struct ext2_new *what)
{
    what->mode = (uint16_t)vn->mode;
    what->uid = vn->uid;
    what->gid = vn->gid;
    what->rdev_major = DEV_MAJOR(vn->rdev);
    what->rdev_minor = DEV_MINOR(vn->rdev);
    what->symlink = vn->symlink_target;
}

static int ext2_v_create(struct inode *dir, const char *name, const struct vfs_new_node *vn, struct inode **out)
{
    struct ext2_mount *m = ext2_mount_of(dir->fs);
    struct ext2_new what;
    ext2_new_from_vfs(vn, &what);
    if (S_ISLNK(vn->mode) && !vn->symlink_target)
        return -EINVAL;
    struct ext2_node created;
    mutex_lock(&m->core->lock);
    struct ext2_vnode *dv = ext2_vnode_of(dir);
    int rc = ext2_push(m->core, dv);
    if (rc == 0)
        rc = ext2_create(m->core, &dv->node, name, &what, &created);
    if (rc == 0)
        rc = ext2_iget_node(m, &created, out);
    ext2_pull(dv);
    mutex_unlock(&m->core->lock);
    return rc;
}

static int ext2_v_link(struct inode *dir, const char *name, struct inode *target)
{
    struct ext2_mount *m = ext2_mount_of(dir->fs);
    mutex_lock(&m->core->lock);
    struct ext2_vnode *dv = ext2_vnode_of(dir), *tv = ext2_vnode_of(target);
    int rc = ext2_push(m->core, dv);
    if (rc == 0)
        rc = ext2_push(m->core, tv);
    if (rc == 0)
        rc = ext2_link(m->core, &dv->node, name, &tv->node);
    ext2_pull(dv);
    ext2_pull(tv);
    mutex_unlock(&m->core->lock);
    return rc;
}

static int ext2_v_remove(struct inode *dir, const char *name, struct inode *victim, bool is_dir)
{
    struct ext2_mount *m = ext2_mount_of(dir->fs);
    mutex_lock(&m->core->lock);
    struct ext2_vnode *dv = ext2_vnode_of(dir), *vv = ext2_vnode_of(victim);
    int rc = ext2_push(m->core, dv);
    if (rc == 0)
        rc = ext2_push(m->core, vv);
    if (rc == 0)
        rc = is_dir ? ext2_rmdir(m->core, &dv->node, name, &vv->node)
                    : ext2_unlink(m->core, &dv->node, name, &vv->node);
    ext2_pull(dv);
    ext2_pull(vv);
    mutex_unlock(&m->core->lock);
    return rc;
}

static int ext2_v_unlink(struct inode *dir, const char *name, struct inode *victim)
{
    return ext2_v_remove(dir, name, victim, false);
}

static int ext2_v_rmdir(struct inode *dir, const char *name, struct inode *victim)
{
    return ext2_v_remove(dir, name, victim, true);
}

static int ext2_v_rename(struct inode *old_dir, const char *old_name, struct inode *inode, struct inode *new_dir,
                         const char *new_name, struct inode *replaced)
{
    struct ext2_mount *m = ext2_mount_of(old_dir->fs);
    struct ext2_vnode *vs[4] = { ext2_vnode_of(old_dir), ext2_vnode_of(new_dir), ext2_vnode_of(inode),
                                 replaced ? ext2_vnode_of(replaced) : NULL };
    mutex_lock(&m->core->lock);
    int rc = 0;
    for (unsigned i = 0; i < 4 && rc == 0; i++)
        if (vs[i])
            rc = ext2_push(m->core, vs[i]);
    if (rc == 0)
        rc = ext2_rename(m->core, &vs[0]->node, old_name, &vs[2]->node, &vs[1]->node, new_name,
                         replaced ? &vs[3]->node : NULL);
    for (unsigned i = 0; i < 4; i++)
        if (vs[i])
            ext2_pull(vs[i]);
    mutex_unlock(&m->core->lock);
    return rc;
}

static unsigned char ext2_ftype_to_dt(uint8_t t)
{
    static const unsigned char map[EXT2_FT_MAX] = { DT_UNKNOWN, DT_REG, DT_DIR, DT_CHR,
                                                    DT_BLK, DT_FIFO, DT_SOCK, DT_LNK };
    return t < EXT2_FT_MAX ? map[t] : DT_UNKNOWN;
}

static bool ext2_emit(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type, uint64_t next_pos)
{
    struct vfs_dirent_sink *sink = ctx;
    return sink->emit(sink, name, len, ino, ext2_ftype_to_dt(type), (off_t)next_pos);
}

static int ext2_v_getdents(struct inode *dir, struct vfs_dirent_sink *sink, off_t *pos)
{
    struct ext2_mount *m = ext2_mount_of(dir->fs);
    if (dir->nlink == 0 || *pos < 0)
        return 0;
    uint64_t p = (uint64_t)*pos;
    mutex_lock(&m->core->lock);
    int rc = ext2_dir_iterate(m->core, ext2_node_of(dir), &p, ext2_emit, sink);
    mutex_unlock(&m->core->lock);
    *pos = (off_t)p;
    return rc;
}

/* ---- files ----------------------------------------------------------------- */

static int ext2_io_put(void *ctx, size_t at, const void *src, size_t n)
{
    struct io_buffer *buf = ctx;
    return src ? io_buffer_put(buf, at, src, n) : io_buffer_zero(buf, at, n);
}

static int ext2_io_get(void *ctx, size_t at, void *dst, size_t n)
{
    const struct io_buffer *buf = ctx;
    return io_buffer_get(buf, at, dst, n);
}

static ssize_t ext2_v_read(struct inode *inode, struct io_buffer *buf, size_t len, off_t off)
{
    if (off < 0)
        return -EINVAL;
    struct ext2_fs *core = ext2_core_of(inode);
    struct ext2_io io = { ext2_io_put, NULL, buf };
    mutex_lock(&core->lock);
    int64_t rc = ext2_file_read(core, ext2_node_of(inode), (uint64_t)off, len, &io);
    mutex_unlock(&core->lock);
    return (ssize_t)rc;
}

static ssize_t ext2_v_write(struct inode *inode, const struct io_buffer *buf, size_t len, off_t off)
{
    if (off < 0)
        return -EINVAL;
    struct ext2_fs *core = ext2_core_of(inode);
    struct ext2_io io = { NULL, ext2_io_get, (void *)buf };
    struct ext2_vnode *v = ext2_vnode_of(inode);
    mutex_lock(&core->lock);
    int64_t rc = ext2_push(core, v);
    if (rc == 0)
        rc = ext2_file_write(core, &v->node, (uint64_t)off, len, &io);
    ext2_pull(v);
    mutex_unlock(&core->lock);
    return (ssize_t)rc;
}

static int ext2_v_truncate(struct inode *inode, off_t length)
{
    if (length < 0)
        return -EINVAL;
    struct ext2_fs *core = ext2_core_of(inode);
    struct ext2_vnode *v = ext2_vnode_of(inode);
    mutex_lock(&core->lock);
    int rc = ext2_push(core, v);
    if (rc == 0)
        rc = ext2_truncate(core, &v->node, (uint64_t)length);
    ext2_pull(v);
    mutex_unlock(&core->lock);
    return rc;
}

static ssize_t ext2_v_readlink(struct inode *inode, char *buf, size_t size)
{
    struct ext2_fs *core = ext2_core_of(inode);
    mutex_lock(&core->lock);
    int rc = ext2_readlink(core, ext2_node_of(inode), buf, size);
    mutex_unlock(&core->lock);
    return rc;
}

static int ext2_v_setattr(struct inode *inode, const struct vfs_attr *attr)
{
    struct ext2_fs *core = ext2_core_of(inode);
    struct ext2_vnode *v = ext2_vnode_of(inode);
    mutex_lock(&core->lock);
    int rc = core->readonly ? -EROFS : ext2_push(core, v);
    if (rc == 0) {
        struct ext2_inode *r = &v->node.raw;
        if (attr->valid & VFS_ATTR_MODE)
            r->i_mode = (uint16_t)((r->i_mode & S_IFMT) | (attr->mode & S_IALLUGO));
        uint32_t uid = ext2_node_uid(&v->node), gid = ext2_node_gid(&v->node);
        if (attr->valid & VFS_ATTR_UID)
            uid = attr->uid;
        if (attr->valid & VFS_ATTR_GID)
            gid = attr->gid;
        ext2_node_set_owner(&v->node, uid, gid);
        if (attr->valid & VFS_ATTR_ATIME)
            r->i_atime = (uint32_t)attr->atime.tv_sec;
        if (attr->valid & VFS_ATTR_MTIME)
            r->i_mtime = (uint32_t)attr->mtime.tv_sec;
        if (attr->valid & VFS_ATTR_CTIME)
            r->i_ctime = (uint32_t)attr->ctime.tv_sec;
        rc = ext2_node_store(core, &v->node);
    }
    ext2_pull(v);
    if (rc == 0) {
        /* Keep the nanoseconds the caller asked for while the inode lives. */
        if (attr->valid & VFS_ATTR_ATIME)
            inode->atime = attr->atime;
        if (attr->valid & VFS_ATTR_MTIME)
            inode->mtime = attr->mtime;
        if (attr->valid & VFS_ATTR_CTIME)
            inode->ctime = attr->ctime;
    }
    mutex_unlock(&core->lock);
    return rc;
}

static const struct inode_ops ext2_dir_ops = {
    .lookup = ext2_v_lookup,
    .create = ext2_v_create,
    .mkdir = ext2_v_create,
    .link = ext2_v_link,
    .unlink = ext2_v_unlink,
    .rmdir = ext2_v_rmdir,
    .rename = ext2_v_rename,
    .getdents = ext2_v_getdents,
    .setattr = ext2_v_setattr,
};

static const struct inode_ops ext2_file_ops = {
    .read = ext2_v_read,
    .write = ext2_v_write,
    .truncate = ext2_v_truncate,
    .setattr = ext2_v_setattr,
};

static const struct inode_ops ext2_symlink_ops = {
    .readlink = ext2_v_readlink,
    .setattr = ext2_v_setattr,
};

static const struct inode_ops ext2_special_ops = {
    .setattr = ext2_v_setattr,
};

/* ---- the file system ------------------------------------------------------ */

static int ext2_v_statvfs(struct vfs_fs *fs, struct statvfs *out)
{
    struct ext2_fs *core = ext2_mount_of(fs)->core;
    mutex_lock(&core->lock);
    const struct ext2_superblock *sb = &core->sb;
    memset(out, 0, sizeof(*out));
    out->f_bsize = out->f_frsize = core->block_size;
    out->f_blocks = sb->s_blocks_count;
    out->f_bfree = sb->s_free_blocks_count;
    out->f_bavail = sb->s_free_blocks_count > sb->s_r_blocks_count
                        ? sb->s_free_blocks_count - sb->s_r_blocks_count : 0;
    out->f_files = sb->s_inodes_count;
    out->f_ffree = out->f_favail = sb->s_free_inodes_count;
    out->f_fsid = fs->dev;
    out->f_flag = fs->flags;
    out->f_namemax = EXT2_NAME_LEN;
    mutex_unlock(&core->lock);
    return 0;
}

static int ext2_v_sync(struct vfs_fs *fs)
{
    struct ext2_mount *m = ext2_mount_of(fs);
    mutex_lock(&m->core->lock);
    int rc = 0;
    for (unsigned i = 0; i < EXT2_VNODE_BUCKETS; i++) {
        for (struct ext2_vnode *v = m->table[i]; v; v = v->hash_next) {
            int err = ext2_push(m->core, v);
            if (err < 0 && rc == 0)
                rc = err;
        }
    }
    int err = ext2_fs_sync(m->core);
    mutex_unlock(&m->core->lock);
    return rc ? rc : err;
}

static void ext2_v_destroy(struct vfs_fs *fs)
{
    struct ext2_mount *m = ext2_mount_of(fs);
    struct inode *root = fs->root;
    fs->root = NULL;
    if (root)
        inode_put_internal(root);
    ASSERT(fs->refs_total == 0 && fs->refs_internal == 0);
    for (unsigned i = 0; i < EXT2_VNODE_BUCKETS; i++)
        ASSERT(m->table[i] == NULL);
    ext2_fs_close(m->core);
    block_release(m->bd);
    kfree(m);
}

static const struct vfs_fs_ops ext2_fs_ops = {
    .release_inode = ext2_release_inode,
    .statvfs = ext2_v_statvfs,
    .sync = ext2_v_sync,
    .destroy = ext2_v_destroy,
};

int ext2_mount_device(const char *devname, bool readonly, struct vfs_fs **out)
{
    if (strncmp(devname, "/dev/", 5) == 0)
        devname += 5;
    struct block_device *bd = block_find(devname);
    if (!bd)
        return -ENODEV;
    int rc = block_claim(bd);
    if (rc < 0)
        return rc;
    struct ext2_mount *m = kzalloc(sizeof(*m));
    if (!m) {
        rc = -ENOMEM;
        goto fail_claim;
    }
    m->bd = bd;
    rc = ext2_fs_open(bd, readonly, &m->core);
    if (rc < 0)
        goto fail_mount;
    vfs_fs_init(&m->vfs, &ext2_fs_ops, "ext2");
    m->vfs.dev = DEV_MAKE(bd->major, bd->minor);
    m->vfs.flags = m->core->readonly ? ST_RDONLY : 0;
    m->vfs.private_data = m;
    struct ext2_node root_node;
    struct inode *root = NULL;
    mutex_lock(&m->core->lock);
    rc = ext2_node_load(m->core, EXT2_ROOT_INO, &root_node);
    if (rc == 0)
        rc = ext2_iget_node(m, &root_node, &root);
    mutex_unlock(&m->core->lock);
    if (rc < 0)
        goto fail_core;
    m->vfs.root = inode_get_internal(root);
    inode_put(root);
    *out = &m->vfs;
    return 0;
fail_core:
    ext2_fs_close(m->core);
fail_mount:
    kfree(m);
fail_claim:
    block_release(bd);
    return rc;
}
