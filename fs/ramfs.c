/* ramfs: instances, inodes, and file data in a radix tree of page frames. */
#include "fs/ramfs.h"
#include "fs/ramfs_internal.h"
#include "kernel/api/limits.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include "mm/pmm.h"
#include <string.h>

#define BLOCKS_PER_PAGE (PAGE_SIZE / 512)

/* ---- space accounting ---------------------------------------------------- */

static int ramfs_reserve_page(struct ramfs *rfs)
{
    int rc = 0;
    irqflags_t fl = spin_lock_irqsave(&rfs->space_lock);
    if (rfs->max_pages && rfs->pages_used >= rfs->max_pages)
        rc = -ENOSPC;
    else
        rfs->pages_used++;
    spin_unlock_irqrestore(&rfs->space_lock, fl);
    return rc;
}

static void ramfs_unreserve_page(struct ramfs *rfs)
{
    irqflags_t fl = spin_lock_irqsave(&rfs->space_lock);
    ASSERT(rfs->pages_used > 0);
    rfs->pages_used--;
    spin_unlock_irqrestore(&rfs->space_lock, fl);
}

size_t ramfs_pages_used(struct vfs_fs *fs)
{
    struct ramfs *rfs = ramfs_of(fs);
    irqflags_t fl = spin_lock_irqsave(&rfs->space_lock);
    size_t n = rfs->pages_used;
    spin_unlock_irqrestore(&rfs->space_lock, fl);
    return n;
}

/* ---- the page tree --------------------------------------------------------- */

/* Pages covered by one entry of a node at `level` (1 = entries are pages). */
static uint32_t ramfs_span(unsigned level) { return (uint32_t)1 << (RAMFS_FANOUT_SHIFT * (level - 1)); }

static unsigned ramfs_depth_for(uint32_t index)
{
    unsigned depth = 1;
    while (depth < 4 && (index >> (RAMFS_FANOUT_SHIFT * depth)) != 0)
        depth++;
    return depth;
}

/* inode->lock held. The slot holding page `index`, or NULL when absent and
 * !create (or when memory for tree nodes runs out). */
static void **ramfs_page_slot(struct ramfs_inode *ri, uint32_t index, bool create)
{
    ASSERT_MUTEX_HELD(&ri->vfs.lock);
    unsigned need = ramfs_depth_for(index);
    if (ri->file.depth < need) {
        if (!create)
            return NULL;
        if (!ri->file.root) {
            ri->file.depth = need;
        } else {
            while (ri->file.depth < need) {
                void **node = kzalloc(RAMFS_FANOUT * sizeof(void *));
                if (!node)
                    return NULL;
                node[0] = ri->file.root;
                ri->file.root = node;
                ri->file.depth++;
            }
        }
    }
    if (!ri->file.root) {
        if (!create)
            return NULL;
        ri->file.root = kzalloc(RAMFS_FANOUT * sizeof(void *));
        if (!ri->file.root)
            return NULL;
    }
    void **node = ri->file.root;
    for (unsigned level = ri->file.depth; level > 1; level--) {
        uint32_t i = (index / ramfs_span(level)) % RAMFS_FANOUT;
        if (!node[i]) {
            if (!create)
                return NULL;
            node[i] = kzalloc(RAMFS_FANOUT * sizeof(void *));
            if (!node[i])
                return NULL;
        }
        node = node[i];
    }
    return &node[index % RAMFS_FANOUT];
}

static void ramfs_free_page(struct ramfs_inode *ri, void *page)
{
    pmm_free_frame(virt_to_phys(page));
    ramfs_unreserve_page(ramfs_of(ri->vfs.fs));
    ri->vfs.blocks -= BLOCKS_PER_PAGE;
}

/* Frees the pages >= first under node (a node at `level` whose first page
 * is `base`); returns whether the node is now empty. */
static bool ramfs_free_from(struct ramfs_inode *ri, void **node, unsigned level, uint32_t base,
                            uint32_t first)
{
    uint32_t span = ramfs_span(level);
    bool empty = true;
    for (uint32_t i = 0; i < RAMFS_FANOUT; i++) {
        if (!node[i])
            continue;
        uint32_t start = base + i * span;
        bool whole = start >= first;
        if (level == 1) {
            if (whole) {
                ramfs_free_page(ri, node[i]);
                node[i] = NULL;
            }
        } else if (whole || start + span > first) {
            if (ramfs_free_from(ri, node[i], level - 1, start, first)) {
                kfree(node[i]);
                node[i] = NULL;
            }
        }
        if (node[i])
            empty = false;
    }
    return empty;
}

void ramfs_file_free_data(struct ramfs_inode *ri)
{
    if (ri->file.root && ramfs_free_from(ri, ri->file.root, ri->file.depth, 0, 0)) {
        kfree(ri->file.root);
        ri->file.root = NULL;
    }
    ASSERT(!ri->file.root);
    ri->file.depth = 0;
}

/* ---- file operations ------------------------------------------------------------ */

/* The part of a transfer of `left` bytes from `at` that lies in one page:
 * the page's index, where in it the part starts, and (returned) its size. */
static size_t ramfs_page_span(off_t at, size_t left, uint32_t *index, size_t *in_page)
{
    *index = (uint32_t)(at >> PAGE_SHIFT);
    *in_page = (size_t)(at & (PAGE_SIZE - 1));
    size_t chunk = PAGE_SIZE - *in_page;
    return chunk > left ? left : chunk;
}

static ssize_t ramfs_read(struct inode *inode, struct io_buffer *buf, size_t len, off_t off)
{
    ASSERT_MUTEX_HELD(&inode->lock);
    struct ramfs_inode *ri = ramfs_inode(inode);
    if (off >= inode->size)
        return 0;
    if ((off_t)len > inode->size - off)
        len = (size_t)(inode->size - off);
    size_t done = 0;
    while (done < len) {
        uint32_t index;
        size_t in_page;
        size_t chunk = ramfs_page_span(off + (off_t)done, len - done, &index, &in_page);
        void **slot = ramfs_page_slot(ri, index, false);
        int rc = (slot && *slot) ? io_buffer_put(buf, done, (char *)*slot + in_page, chunk)
                                 : io_buffer_zero(buf, done, chunk);
        if (rc < 0)
            return done ? (ssize_t)done : rc;
        done += chunk;
    }
    return (ssize_t)done;
}

static ssize_t ramfs_write(struct inode *inode, const struct io_buffer *buf, size_t len, off_t off)
{
    ASSERT_MUTEX_HELD(&inode->lock);
    struct ramfs_inode *ri = ramfs_inode(inode);
    struct ramfs *rfs = ramfs_of(inode->fs);
    size_t done = 0;
    int rc = 0;
    while (done < len) {
        uint32_t index;
        size_t in_page;
        size_t chunk = ramfs_page_span(off + (off_t)done, len - done, &index, &in_page);
        void **slot = ramfs_page_slot(ri, index, true);
        if (!slot) {
            rc = -ENOMEM;
            break;
        }
        if (!*slot) {
            rc = ramfs_reserve_page(rfs);
            if (rc < 0)
                break;
            paddr_t frame = pmm_alloc_frame();
            if (frame == PMM_NO_FRAME) {
                ramfs_unreserve_page(rfs);
                rc = -ENOSPC;
                break;
            }
            *slot = phys_to_virt(frame);
            inode->blocks += BLOCKS_PER_PAGE;
        }
        rc = io_buffer_get(buf, done, (char *)*slot + in_page, chunk);
        if (rc < 0)
            break;
        done += chunk;
    }
    if (done == 0)
        return rc;
    if (off + (off_t)done > inode->size)
        inode->size = off + (off_t)done;
    return (ssize_t)done;
}

static int ramfs_truncate(struct inode *inode, off_t length)
{
    ASSERT_MUTEX_HELD(&inode->lock);
    struct ramfs_inode *ri = ramfs_inode(inode);
    if (length < inode->size && ri->file.root) {
        uint32_t keep = (uint32_t)((length + PAGE_SIZE - 1) >> PAGE_SHIFT);
        if (keep == 0) {
            ramfs_file_free_data(ri);
        } else {
            ramfs_free_from(ri, ri->file.root, ri->file.depth, 0, keep);
            /* The rest of the last page must read as zeros if the file
             * grows again. */
            size_t tail = (size_t)(length & (PAGE_SIZE - 1));
            void **slot = ramfs_page_slot(ri, keep - 1, false);
            if (tail && slot && *slot)
                memset((char *)*slot + tail, 0, PAGE_SIZE - tail);
        }
    }
    inode->size = length;
    return 0;
}

static ssize_t ramfs_readlink(struct inode *inode, char *buf, size_t size)
{
    ASSERT_MUTEX_HELD(&inode->lock);
    size_t len = (size_t)inode->size;
    if (len > size)
        len = size;
    memcpy(buf, ramfs_inode(inode)->link.target, len);
    return (ssize_t)len;
}

const struct inode_ops ramfs_file_ops = {
    .read = ramfs_read,
    .write = ramfs_write,
    .truncate = ramfs_truncate,
};

const struct inode_ops ramfs_link_ops = {
    .readlink = ramfs_readlink,
};

/* Device nodes, FIFOs and sockets: only attributes live here. */
const struct inode_ops ramfs_special_ops = { .lookup = NULL };

/* ---- inodes ---------------------------------------------------------------------------- */

int ramfs_new_inode(struct ramfs *rfs, const struct vfs_new_node *node, struct ramfs_inode **out)
{
    struct ramfs_inode *ri = kzalloc(sizeof(*ri));
    if (!ri)
        return -ENOMEM;
    const struct inode_ops *ops;
    switch (node->mode & S_IFMT) {
    case S_IFDIR:
        ops = &ramfs_dir_ops;
        ramfs_dir_init(ri);
        break;
    case S_IFREG:
        ops = &ramfs_file_ops;
        break;
    case S_IFLNK: {
        ops = &ramfs_link_ops;
        size_t len = strlen(node->symlink_target);
        ri->link.target = kmalloc(len + 1);
        if (!ri->link.target) {
            kfree(ri);
            return -ENOMEM;
        }
        memcpy(ri->link.target, node->symlink_target, len + 1);
        ri->vfs.size = (off_t)len;
        break;
    }
    case S_IFCHR:
    case S_IFBLK:
    case S_IFIFO:
    case S_IFSOCK:
        ops = &ramfs_special_ops;
        break;
    default:
        kfree(ri);
        return -EINVAL;
    }
    off_t size = ri->vfs.size;
    ino_t ino = __atomic_fetch_add(&rfs->next_ino, 1, __ATOMIC_RELAXED);
    inode_init(&ri->vfs, &rfs->fs, ops, ino, node->mode, node->uid, node->gid);
    ri->vfs.size = size;
    if (S_ISCHR(node->mode) || S_ISBLK(node->mode))
        ri->vfs.rdev = node->rdev;
    irqflags_t fl = spin_lock_irqsave(&rfs->space_lock);
    rfs->inode_count++;
    spin_unlock_irqrestore(&rfs->space_lock, fl);
    *out = ri;
    return 0;
}

static void ramfs_release_inode(struct inode *inode)
{
    struct ramfs_inode *ri = ramfs_inode(inode);
    struct ramfs *rfs = ramfs_of(inode->fs);
    /* Linked inodes are kept alive by their directory entries. */
    ASSERT(inode->nlink == 0);
    switch (inode->mode & S_IFMT) {
    case S_IFREG:
        ramfs_file_free_data(ri);
        break;
    case S_IFDIR:
        ramfs_dir_free(ri);
        break;
    case S_IFLNK:
        kfree(ri->link.target);
        break;
    default:
        break;
    }
    irqflags_t fl = spin_lock_irqsave(&rfs->space_lock);
    rfs->inode_count--;
    spin_unlock_irqrestore(&rfs->space_lock, fl);
    kfree(ri);
}

static int ramfs_statvfs(struct vfs_fs *fs, struct statvfs *out)
{
    struct ramfs *rfs = ramfs_of(fs);
    irqflags_t fl = spin_lock_irqsave(&rfs->space_lock);
    size_t used = rfs->pages_used, inodes = rfs->inode_count, max = rfs->max_pages;
    spin_unlock_irqrestore(&rfs->space_lock, fl);
    size_t free_frames = pmm_free_frames();
    out->f_bsize = PAGE_SIZE;
    out->f_frsize = PAGE_SIZE;
    if (max) {
        out->f_blocks = max;
        out->f_bfree = max - used < free_frames ? max - used : free_frames;
    } else {
        out->f_blocks = used + free_frames;
        out->f_bfree = free_frames;
    }
    out->f_bavail = out->f_bfree;
    /* Inodes cost heap memory only: report room for plenty more. */
    out->f_ffree = (fsfilcnt_t)free_frames * 16;
    out->f_favail = out->f_ffree;
    out->f_files = inodes + out->f_ffree;
    out->f_namemax = NAME_MAX;
    return 0;
}

static void ramfs_destroy_fs(struct vfs_fs *fs)
{
    struct ramfs *rfs = ramfs_of(fs);
    struct inode *root = fs->root;
    ramfs_dir_teardown(ramfs_inode(root));
    root->nlink = 0;
    fs->root = NULL;
    inode_put_internal(root);
    ASSERT(fs->refs_total == 0 && fs->refs_internal == 0);
    ASSERT(rfs->pages_used == 0 && rfs->inode_count == 0);
    kfree(rfs);
}

static const struct vfs_fs_ops ramfs_fs_ops = {
    .release_inode = ramfs_release_inode,
    .statvfs = ramfs_statvfs,
    .destroy = ramfs_destroy_fs,
};

void ramfs_destroy(struct vfs_fs *fs)
{
    ASSERT(!fs->mounted);
    ramfs_destroy_fs(fs);
}

int ramfs_create(size_t max_bytes, mode_t root_mode, const char *type_name, struct vfs_fs **out)
{
    struct ramfs *rfs = kzalloc(sizeof(*rfs));
    if (!rfs)
        return -ENOMEM;
    vfs_fs_init(&rfs->fs, &ramfs_fs_ops, type_name ? type_name : "ramfs");
    spinlock_init(&rfs->space_lock, "ramfs.space");
    rfs->max_pages = (max_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
    rfs->next_ino = 1;
    struct vfs_new_node node = { .mode = S_IFDIR | (root_mode & S_IALLUGO) };
    struct ramfs_inode *root;
    int rc = ramfs_new_inode(rfs, &node, &root);
    if (rc < 0) {
        kfree(rfs);
        return rc;
    }
    root->vfs.nlink = 2;
    /* The fs's own reference on its root. */
    rfs->fs.root = inode_get_internal(&root->vfs);
    inode_put(&root->vfs);
    *out = &rfs->fs;
    return 0;
}
