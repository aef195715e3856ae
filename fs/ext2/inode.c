/* Inodes: loading with checks, storing, creating and deleting, and the
 * fields that are split over several places of the on-disk inode. */
#include "fs/ext2/ext2_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include <string.h>

#define EXT2_S_IFMT     0xF000
#define EXT2_S_IFSOCK   0xC000
#define EXT2_S_IFLNK    0xA000
#define EXT2_S_IFREG    0x8000
#define EXT2_S_IFBLK    0x6000
#define EXT2_S_IFDIR    0x4000
#define EXT2_S_IFCHR    0x2000
#define EXT2_S_IFIFO    0x1000

static bool ext2_mode_valid(uint16_t mode)
{
    switch (mode & EXT2_S_IFMT) {
    case EXT2_S_IFSOCK: case EXT2_S_IFLNK: case EXT2_S_IFREG: case EXT2_S_IFBLK:
    case EXT2_S_IFDIR: case EXT2_S_IFCHR: case EXT2_S_IFIFO:
        return true;
    default:
        return false;
    }
}

uint64_t ext2_node_size(const struct ext2_node *node)
{
    uint64_t size = node->raw.i_size;
    if ((node->raw.i_mode & EXT2_S_IFMT) == EXT2_S_IFREG)
        size |= (uint64_t)node->raw.i_size_high << 32;
    return size;
}

void ext2_node_set_size(struct ext2_node *node, uint64_t size)
{
    node->raw.i_size = (uint32_t)size;
    if ((node->raw.i_mode & EXT2_S_IFMT) == EXT2_S_IFREG)
        node->raw.i_size_high = (uint32_t)(size >> 32);
}

uint32_t ext2_node_uid(const struct ext2_node *node)
{
    return node->raw.i_uid | ((uint32_t)node->raw.i_uid_high << 16);
}

uint32_t ext2_node_gid(const struct ext2_node *node)
{
    return node->raw.i_gid | ((uint32_t)node->raw.i_gid_high << 16);
}

void ext2_node_set_owner(struct ext2_node *node, uint32_t uid, uint32_t gid)
{
    node->raw.i_uid = (uint16_t)uid;
    node->raw.i_uid_high = (uint16_t)(uid >> 16);
    node->raw.i_gid = (uint16_t)gid;
    node->raw.i_gid_high = (uint16_t)(gid >> 16);
}

/* Device numbers: small ones in i_block[0] as major << 8 | minor (the
 * classic form), others in i_block[1] with the 32-bit split Linux uses. */
void ext2_node_rdev_split(const struct ext2_node *node, unsigned *major, unsigned *minor)
{
    uint32_t old = node->raw.i_block[0], cur = node->raw.i_block[1];
    if (old) {
        *major = (old >> 8) & 0xFF;
        *minor = old & 0xFF;
    } else {
        *major = (cur >> 8) & 0xFFF;
        *minor = (cur & 0xFF) | ((cur >> 12) & 0xFFF00);
    }
}

void ext2_node_set_rdev(struct ext2_node *node, unsigned major, unsigned minor)
{
    if (major < 256 && minor < 256) {
        node->raw.i_block[0] = (major << 8) | minor;
        node->raw.i_block[1] = 0;
    } else {
        node->raw.i_block[0] = 0;
        node->raw.i_block[1] = (minor & 0xFF) | ((major & 0xFFF) << 8) | ((minor & 0xFFF00) << 12);
    }
}

bool ext2_node_is_fast_symlink(const struct ext2_fs *fs, const struct ext2_node *node)
{
    if ((node->raw.i_mode & EXT2_S_IFMT) != EXT2_S_IFLNK)
        return false;
    uint32_t acl_sectors = node->raw.i_file_acl ? fs->block_size / 512 : 0;
    return node->raw.i_blocks <= acl_sectors;
}

/* Whether i_block holds block pointers (not a symlink target or device). */
static bool ext2_node_has_blocks(const struct ext2_fs *fs, const struct ext2_node *node)
{
    switch (node->raw.i_mode & EXT2_S_IFMT) {
    case EXT2_S_IFREG: case EXT2_S_IFDIR:
        return true;
    case EXT2_S_IFLNK:
        return !ext2_node_is_fast_symlink(fs, node);
    default:
        return false;
    }
}

/* Where inode ino lives: its table block and the byte offset in it. */
static int ext2_node_locate(struct ext2_fs *fs, uint32_t ino, uint32_t *blk, uint32_t *off)
{
    if (ino < 1 || ino > fs->sb.s_inodes_count)
        return ext2_error(fs, "inode number %u out of range", ino);
    uint32_t g = (ino - 1) / fs->sb.s_inodes_per_group, i = (ino - 1) % fs->sb.s_inodes_per_group;
    *blk = fs->groups[g].inode_table + i / fs->inodes_per_block;
    *off = (i % fs->inodes_per_block) * fs->inode_size;
    return 0;
}

static int ext2_node_check(struct ext2_fs *fs, const struct ext2_node *n)
{
    const struct ext2_inode *r = &n->raw;
    if (r->i_links_count == 0)
        return ext2_error(fs, "inode %u is referenced but not in use", n->ino);
    if (!ext2_mode_valid(r->i_mode))
        return ext2_error(fs, "inode %u has an unknown type (mode %06o)", n->ino, r->i_mode);
    uint64_t size = ext2_node_size(n);
    switch (r->i_mode & EXT2_S_IFMT) {
    case EXT2_S_IFDIR:
        if (size == 0 || size % fs->block_size || size > fs->max_file_size)
            return ext2_error(fs, "directory inode %u has a bad size %llu", n->ino, (unsigned long long)size);
        break;
    case EXT2_S_IFREG:
        if (size > fs->max_file_size)
            return ext2_error(fs, "inode %u is larger than ext2 allows", n->ino);
        break;
    case EXT2_S_IFLNK:
        if (size == 0 || size >= fs->block_size ||
            (ext2_node_is_fast_symlink(fs, n) && size > EXT2_FAST_SYMLINK_MAX))
            return ext2_error(fs, "symlink inode %u has a bad size %llu", n->ino, (unsigned long long)size);
        break;
    }
    return 0;
}

int ext2_node_load(struct ext2_fs *fs, uint32_t ino, struct ext2_node *out)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    uint32_t blk, off;
    int rc = ext2_node_locate(fs, ino, &blk, &off);
    if (rc < 0)
        return rc;
    struct bcache_buf *b;
    rc = bcache_read(fs->cache, blk, &b);
    if (rc < 0)
        return rc;
    out->ino = ino;
    memcpy(&out->raw, b->data + off, sizeof(out->raw));
    bcache_release(b);
    return ext2_node_check(fs, out);
}

int ext2_node_store(struct ext2_fs *fs, const struct ext2_node *node)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    uint32_t blk, off;
    rc = ext2_node_locate(fs, node->ino, &blk, &off);
    if (rc < 0)
        return rc;
    struct bcache_buf *b;
    rc = bcache_read(fs->cache, blk, &b);
    if (rc < 0)
        return rc;
    /* Only the classic 128 bytes: fields past them stay as they are. */
    memcpy(b->data + off, &node->raw, sizeof(node->raw));
    bcache_mark_dirty(b);
    bcache_release(b);
    return 0;
}

int ext2_node_create(struct ext2_fs *fs, uint32_t parent_ino, uint16_t mode, uint32_t uid, uint32_t gid,
                     struct ext2_node *out)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    static uint32_t generation;
    bool is_dir = (mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
    uint32_t ino, blk, off;
    int rc = ext2_alloc_inode(fs, parent_ino, is_dir, &ino);
    if (rc < 0)
        return rc;
    rc = ext2_node_locate(fs, ino, &blk, &off);
    if (rc < 0)
        goto fail;
    struct bcache_buf *b;
    rc = bcache_read(fs->cache, blk, &b);
    if (rc < 0)
        goto fail;
    const struct ext2_inode *old = (const struct ext2_inode *)(b->data + off);
    if (old->i_links_count != 0 && old->i_dtime == 0) {
        bcache_release(b);
        /* The bitmap said free; the bit stays set so it is not offered again. */
        return ext2_error(fs, "inode %u is free in the bitmap but in use", ino);
    }
    memset(b->data + off, 0, fs->inode_size);
    if (fs->inode_size > EXT2_GOOD_OLD_INODE_SIZE) {
        uint16_t extra = EXT2_EXTRA_ISIZE_NEW;
        memcpy(b->data + off + EXT2_EXTRA_ISIZE_OFFSET, &extra, sizeof(extra));
    }
    bcache_mark_dirty(b);
    bcache_release(b);
    memset(out, 0, sizeof(*out));
    out->ino = ino;
    out->raw.i_mode = mode;
    ext2_node_set_owner(out, uid, gid);
    uint32_t now = ext2_now();
    out->raw.i_atime = out->raw.i_ctime = out->raw.i_mtime = now;
    out->raw.i_links_count = 1;
    out->raw.i_generation = ++generation ^ now;
    rc = ext2_node_store(fs, out);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    ext2_free_inode(fs, ino, is_dir);
    return rc;
}

/* Gives up this inode's share of its extended-attribute block. */
static int ext2_node_drop_xattr(struct ext2_fs *fs, struct ext2_node *node)
{
    uint32_t blk = node->raw.i_file_acl;
    if (!blk)
        return 0;
    node->raw.i_file_acl = 0;
    if (ext2_block_is_metadata(fs, blk))
        return ext2_error(fs, "inode %u: attribute block %u out of range", node->ino, blk);
    struct bcache_buf *b;
    int rc = bcache_read(fs->cache, blk, &b);
    if (rc < 0)
        return rc;
    struct ext2_xattr_header *h = (struct ext2_xattr_header *)b->data;
    if (h->h_magic != EXT2_XATTR_MAGIC || h->h_refcount == 0) {
        bcache_release(b);
        return ext2_error(fs, "inode %u: attribute block %u is malformed", node->ino, blk);
    }
    h->h_refcount--;
    bool last = h->h_refcount == 0;
    bcache_mark_dirty(b);
    bcache_release(b);
    if (node->raw.i_blocks >= fs->block_size / 512)
        node->raw.i_blocks -= fs->block_size / 512;
    return last ? ext2_free_block(fs, blk) : 0;
}

int ext2_node_delete(struct ext2_fs *fs, struct ext2_node *node)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    ASSERT(node->raw.i_links_count == 0);
    int rc = 0, err;
    bool is_dir = (node->raw.i_mode & EXT2_S_IFMT) == EXT2_S_IFDIR;
    if (ext2_node_has_blocks(fs, node))
        rc = ext2_free_blocks_from(fs, node, 0);
    else
        memset(node->raw.i_block, 0, sizeof(node->raw.i_block));
    err = ext2_node_drop_xattr(fs, node);
    if (rc == 0)
        rc = err;
    ext2_node_set_size(node, 0);
    node->raw.i_dtime = ext2_now();
    err = ext2_node_store(fs, node);
    if (rc == 0)
        rc = err;
    err = ext2_free_inode(fs, node->ino, is_dir);
    return rc ? rc : err;
}
