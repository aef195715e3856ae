/* Inode reference counting, fs instances and timestamps. */
#include "fs/inode.h"
#include "kernel/api/dirent.h"
#include "kernel/clock.h"
#include "kernel/panic.h"

void inode_init(struct inode *inode, struct vfs_fs *fs, const struct inode_ops *ops, ino_t ino,
                mode_t mode, uid_t uid, gid_t gid)
{
    inode->refcount = 1;
    __atomic_fetch_add(&fs->refs_total, 1, __ATOMIC_RELAXED);
    inode->fs = fs;
    inode->ops = ops;
    inode->ino = ino;
    mutex_init(&inode->lock, "inode");
    inode->mode = mode;
    inode->uid = uid;
    inode->gid = gid;
    inode->nlink = 0;
    inode->size = 0;
    inode->rdev = 0;
    inode->blocks = 0;
    vfs_now(&inode->atime);
    inode->mtime = inode->atime;
    inode->ctime = inode->atime;
}

struct inode *inode_get(struct inode *inode)
{
    uint32_t old = __atomic_fetch_add(&inode->refcount, 1, __ATOMIC_RELAXED);
    ASSERT(old > 0);
    __atomic_fetch_add(&inode->fs->refs_total, 1, __ATOMIC_RELAXED);
    return inode;
}

void inode_put(struct inode *inode)
{
    struct vfs_fs *fs = inode->fs;
    __atomic_fetch_sub(&fs->refs_total, 1, __ATOMIC_RELAXED);
    uint32_t old = __atomic_fetch_sub(&inode->refcount, 1, __ATOMIC_ACQ_REL);
    ASSERT(old > 0);
    if (old == 1) {
        ASSERT(!mutex_is_held(&inode->lock));
        fs->ops->release_inode(inode);
    }
}

struct inode *inode_get_unless_zero(struct inode *inode)
{
    uint32_t old = __atomic_load_n(&inode->refcount, __ATOMIC_RELAXED);
    do {
        if (old == 0)
            return NULL;
    } while (!__atomic_compare_exchange_n(&inode->refcount, &old, old + 1, false, __ATOMIC_ACQUIRE,
                                          __ATOMIC_RELAXED));
    __atomic_fetch_add(&inode->fs->refs_total, 1, __ATOMIC_RELAXED);
    return inode;
}

struct inode *inode_get_internal(struct inode *inode)
{
    __atomic_fetch_add(&inode->fs->refs_internal, 1, __ATOMIC_RELAXED);
    return inode_get(inode);
}

void inode_put_internal(struct inode *inode)
{
    uint32_t old = __atomic_fetch_sub(&inode->fs->refs_internal, 1, __ATOMIC_RELAXED);
    ASSERT(old > 0);
    inode_put(inode);
}

unsigned char inode_dirent_type(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return DT_REG;
    case S_IFDIR: return DT_DIR;
    case S_IFLNK: return DT_LNK;
    case S_IFCHR: return DT_CHR;
    case S_IFBLK: return DT_BLK;
    case S_IFIFO: return DT_FIFO;
    case S_IFSOCK: return DT_SOCK;
    default: return DT_UNKNOWN;
    }
}

void vfs_fs_init(struct vfs_fs *fs, const struct vfs_fs_ops *ops, const char *type_name)
{
    fs->ops = ops;
    fs->type_name = type_name;
    fs->root = NULL;
    fs->dev = vfs_fs_alloc_dev();
    fs->flags = 0;
    mutex_init(&fs->ns_lock, "fs.ns");
    fs->refs_total = 0;
    fs->refs_internal = 0;
    fs->mounted = false;
    fs->volatile_names = false;
    fs->private_data = NULL;
}

dev_t vfs_fs_alloc_dev(void)
{
    static uint32_t next_minor = 1;
    return DEV_MAKE(0, __atomic_fetch_add(&next_minor, 1, __ATOMIC_RELAXED));
}

bool vfs_fs_busy(const struct vfs_fs *fs)
{
    uint32_t total = __atomic_load_n(&fs->refs_total, __ATOMIC_RELAXED);
    uint32_t internal = __atomic_load_n(&fs->refs_internal, __ATOMIC_RELAXED);
    ASSERT(total >= internal);
    return total - internal > 1;
}

/* ---- time ------------------------------------------------------------ */

void vfs_now(struct timespec *out)
{
    uint64_t ns = clock_realtime_ns();
    out->tv_sec = (time_t)(ns / NSEC_PER_SEC);
    out->tv_nsec = (long)(ns % NSEC_PER_SEC);
}
