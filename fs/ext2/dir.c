/* Directories: linear lists of entries in blocks. Each block is checked
 * whole before any entry of it is used, so a bad rec_len or name length
 * anywhere in it is an error rather than a wild read. Directories indexed by
 * dir_index are read as the linear lists they also are; changing one drops
 * its index flag, since the index would no longer match. */
#include "fs/ext2/ext2_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include <string.h>

uint8_t ext2_mode_to_ftype(uint16_t mode)
{
    switch (mode & 0xF000) {
    case 0x8000: return EXT2_FT_REG_FILE;
    case 0x4000: return EXT2_FT_DIR;
    case 0x2000: return EXT2_FT_CHRDEV;
    case 0x6000: return EXT2_FT_BLKDEV;
    case 0x1000: return EXT2_FT_FIFO;
    case 0xC000: return EXT2_FT_SOCK;
    case 0xA000: return EXT2_FT_SYMLINK;
    default: return EXT2_FT_UNKNOWN;
    }
}

static struct ext2_dirent *dirent_at(struct bcache_buf *b, uint32_t off)
{
    return (struct ext2_dirent *)(b->data + off);
}

static int ext2_dir_check_block(struct ext2_fs *fs, const struct ext2_node *dir, uint64_t lblock,
                                const uint8_t *data)
{
    uint32_t off = 0;
    while (off < fs->block_size) {
        const struct ext2_dirent *d = (const struct ext2_dirent *)(data + off);
        const char *why = NULL;
        if (fs->block_size - off < EXT2_DIRENT_HEADER)
            why = "entry header crosses the block end";
        else if (d->rec_len < EXT2_DIRENT_HEADER || d->rec_len % 4)
            why = "bad record length";
        else if (d->rec_len > fs->block_size - off)
            why = "record crosses the block end";
        else if ((uint32_t)d->name_len + EXT2_DIRENT_HEADER > d->rec_len)
            why = "name longer than its record";
        else if (d->inode > fs->sb.s_inodes_count)
            why = "inode number out of range";
        else if (d->inode && d->name_len == 0)
            why = "empty name";
        else if (d->inode && fs->has_filetype && d->file_type >= EXT2_FT_MAX)
            why = "unknown file type";
        else if (d->inode && !fs->has_filetype && d->file_type != 0)
            why = "name length too large";
        if (why)
            return ext2_error(fs, "directory inode %u, block %llu, offset %u: %s", dir->ino,
                              (unsigned long long)lblock, off, why);
        off += d->rec_len;
    }
    return 0;
}

/* Directory block `lblock`, read and checked; a hole is corruption. */
static int ext2_dir_block(struct ext2_fs *fs, struct ext2_node *dir, uint64_t lblock, struct bcache_buf **out)
{
    uint32_t blk;
    int rc = ext2_bmap(fs, dir, lblock, false, &blk, NULL);
    if (rc < 0)
        return rc;
    if (!blk)
        return ext2_error(fs, "directory inode %u has a hole at block %llu", dir->ino,
                          (unsigned long long)lblock);
    rc = bcache_read(fs->cache, blk, out);
    if (rc < 0)
        return rc;
    rc = ext2_dir_check_block(fs, dir, lblock, (*out)->data);
    if (rc < 0)
        bcache_release(*out);
    return rc;
}

static uint64_t ext2_dir_blocks(const struct ext2_fs *fs, const struct ext2_node *dir)
{
    return ext2_node_size(dir) >> fs->block_log;
}

int ext2_dir_iterate(struct ext2_fs *fs, struct ext2_node *dir, uint64_t *pos, ext2_dir_fn fn, void *ctx)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    uint64_t size = ext2_node_size(dir);
    while (*pos < size) {
        uint64_t lblock = *pos >> fs->block_log, base = lblock << fs->block_log;
        uint32_t from = (uint32_t)(*pos - base);
        struct bcache_buf *b;
        int rc = ext2_dir_block(fs, dir, lblock, &b);
        if (rc < 0)
            return rc;
        for (uint32_t off = 0; off < fs->block_size;) {
            const struct ext2_dirent *d = dirent_at(b, off);
            uint32_t next = off + d->rec_len;
            /* A position inside an entry (the directory changed since it
             * was handed out) resumes at the next whole entry. */
            if (off >= from) {
                if (d->inode &&
                    !fn(ctx, d->name, d->name_len, d->inode, fs->has_filetype ? d->file_type : 0, base + next)) {
                    bcache_release(b);
                    return 0;
                }
                *pos = base + next;
            }
            off = next;
        }
        bcache_release(b);
        *pos = base + fs->block_size;
    }
    return 0;
}

/* Where an entry was found: its buffer (held), offset, and the offset of
 * the entry before it in the same block (UINT32_MAX if first). */
struct ext2_dir_slot {
    struct bcache_buf *b;
    uint32_t off, prev;
};

static int ext2_dir_locate(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len,
                           struct ext2_dir_slot *slot)
{
    uint64_t nblocks = ext2_dir_blocks(fs, dir);
    for (uint64_t lb = 0; lb < nblocks; lb++) {
        struct bcache_buf *b;
        int rc = ext2_dir_block(fs, dir, lb, &b);
        if (rc < 0)
            return rc;
        uint32_t prev = UINT32_MAX;
        for (uint32_t off = 0; off < fs->block_size;) {
            const struct ext2_dirent *d = dirent_at(b, off);
            if (d->inode && d->name_len == len && memcmp(d->name, name, len) == 0) {
                slot->b = b;
                slot->off = off;
                slot->prev = prev;
                return 0;
            }
            prev = off;
            off += d->rec_len;
        }
        bcache_release(b);
    }
    return -ENOENT;
}

int ext2_dir_find(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len, uint32_t *ino,
                  uint8_t *type)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    struct ext2_dir_slot slot;
    int rc = ext2_dir_locate(fs, dir, name, len, &slot);
    if (rc < 0)
        return rc;
    const struct ext2_dirent *d = dirent_at(slot.b, slot.off);
    *ino = d->inode;
    *type = fs->has_filetype ? d->file_type : EXT2_FT_UNKNOWN;
    bcache_release(slot.b);
    return 0;
}

/* The directory changed: times, and an index that no longer matches. */
static int ext2_dir_touch(struct ext2_fs *fs, struct ext2_node *dir)
{
    dir->raw.i_mtime = dir->raw.i_ctime = ext2_now();
    dir->raw.i_flags &= ~EXT2_INDEX_FL;
    return ext2_node_store(fs, dir);
}

static void ext2_dirent_fill(struct ext2_fs *fs, struct ext2_dirent *d, const char *name, size_t len,
                             uint32_t ino, uint8_t type)
{
    d->inode = ino;
    d->name_len = (uint8_t)len;
    d->file_type = fs->has_filetype ? type : 0;
    memcpy(d->name, name, len);
}

int ext2_dir_add(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len, uint32_t ino,
                 uint8_t type)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    if (len == 0 || len > EXT2_NAME_LEN)
        return -ENAMETOOLONG;
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    uint32_t need = EXT2_DIRENT_SIZE(len);
    uint64_t nblocks = ext2_dir_blocks(fs, dir);
    for (uint64_t lb = 0; lb < nblocks; lb++) {
        struct bcache_buf *b;
        rc = ext2_dir_block(fs, dir, lb, &b);
        if (rc < 0)
            return rc;
        for (uint32_t off = 0; off < fs->block_size;) {
            struct ext2_dirent *d = dirent_at(b, off);
            uint32_t used = d->inode ? EXT2_DIRENT_SIZE(d->name_len) : 0;
            if (d->rec_len >= used + need) {
                if (used) {
                    /* Split the slack off the end of a live entry. */
                    struct ext2_dirent *n = dirent_at(b, off + used);
                    n->rec_len = (uint16_t)(d->rec_len - used);
                    d->rec_len = (uint16_t)used;
                    d = n;
                }
                ext2_dirent_fill(fs, d, name, len, ino, type);
                bcache_mark_dirty(b);
                bcache_release(b);
                return ext2_dir_touch(fs, dir);
            }
            off += d->rec_len;
        }
        bcache_release(b);
    }
    /* No room: a new block holding just this entry. */
    if ((nblocks + 1) << fs->block_log > fs->max_file_size)
        return -EFBIG;
    uint32_t blk;
    rc = ext2_bmap(fs, dir, nblocks, true, &blk, NULL);
    if (rc < 0)
        return rc;
    struct bcache_buf *b;
    rc = bcache_get_zeroed(fs->cache, blk, &b);
    if (rc < 0)
        return rc;
    struct ext2_dirent *d = dirent_at(b, 0);
    d->rec_len = (uint16_t)fs->block_size;
    ext2_dirent_fill(fs, d, name, len, ino, type);
    bcache_mark_dirty(b);
    bcache_release(b);
    ext2_node_set_size(dir, (nblocks + 1) << fs->block_log);
    return ext2_dir_touch(fs, dir);
}

/* An entry changed in place (removed or pointed elsewhere): found inside a
 * change, its block written back and the directory's times updated after. */
static int ext2_dir_change_begin(struct ext2_fs *fs, struct ext2_node *dir, const char *name,
                                 size_t len, struct ext2_dir_slot *slot)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    return ext2_dir_locate(fs, dir, name, len, slot);
}

static int ext2_dir_change_end(struct ext2_fs *fs, struct ext2_node *dir, struct ext2_dir_slot *slot)
{
    bcache_mark_dirty(slot->b);
    bcache_release(slot->b);
    return ext2_dir_touch(fs, dir);
}

int ext2_dir_remove(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len)
{
    struct ext2_dir_slot slot;
    int rc = ext2_dir_change_begin(fs, dir, name, len, &slot);
    if (rc < 0)
        return rc;
    struct ext2_dirent *d = dirent_at(slot.b, slot.off);
    if (slot.prev != UINT32_MAX)
        dirent_at(slot.b, slot.prev)->rec_len = (uint16_t)(dirent_at(slot.b, slot.prev)->rec_len + d->rec_len);
    else
        d->inode = 0;      /* the first entry of a block keeps its place */
    return ext2_dir_change_end(fs, dir, &slot);
}

int ext2_dir_retarget(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len, uint32_t ino,
                      uint8_t type)
{
    struct ext2_dir_slot slot;
    int rc = ext2_dir_change_begin(fs, dir, name, len, &slot);
    if (rc < 0)
        return rc;
    struct ext2_dirent *d = dirent_at(slot.b, slot.off);
    d->inode = ino;
    d->file_type = fs->has_filetype ? type : 0;
    return ext2_dir_change_end(fs, dir, &slot);
}

static bool ext2_is_dot_or_dotdot(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

struct ext2_empty_scan {
    bool empty;
};

static bool ext2_empty_visit(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type,
                             uint64_t next_pos)
{
    (void)ino, (void)type, (void)next_pos;
    struct ext2_empty_scan *s = ctx;
    if (!ext2_is_dot_or_dotdot(name, len)) {
        s->empty = false;
        return false;
    }
    return true;
}

int ext2_dir_is_empty(struct ext2_fs *fs, struct ext2_node *dir)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    struct ext2_empty_scan s = { true };
    uint64_t pos = 0;
    int rc = ext2_dir_iterate(fs, dir, &pos, ext2_empty_visit, &s);
    if (rc < 0)
        return rc;
    return s.empty ? 1 : 0;
}

int ext2_dir_init(struct ext2_fs *fs, struct ext2_node *dir, uint32_t parent_ino)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    uint32_t blk;
    int rc = ext2_bmap(fs, dir, 0, true, &blk, NULL);
    if (rc < 0)
        return rc;
    struct bcache_buf *b;
    rc = bcache_get_zeroed(fs->cache, blk, &b);
    if (rc < 0)
        return rc;
    struct ext2_dirent *dot = dirent_at(b, 0);
    dot->rec_len = EXT2_DIRENT_SIZE(1);
    ext2_dirent_fill(fs, dot, ".", 1, dir->ino, EXT2_FT_DIR);
    struct ext2_dirent *dotdot = dirent_at(b, EXT2_DIRENT_SIZE(1));
    dotdot->rec_len = (uint16_t)(fs->block_size - EXT2_DIRENT_SIZE(1));
    ext2_dirent_fill(fs, dotdot, "..", 2, parent_ino, EXT2_FT_DIR);
    bcache_mark_dirty(b);
    bcache_release(b);
    ext2_node_set_size(dir, fs->block_size);
    return ext2_node_store(fs, dir);
}

/* The ".." entry of a directory: the second entry of its first block. */
static int ext2_dir_dotdot(struct ext2_fs *fs, struct ext2_node *dir, struct bcache_buf **b, uint32_t *off)
{
    int rc = ext2_dir_block(fs, dir, 0, b);
    if (rc < 0)
        return rc;
    const struct ext2_dirent *dot = dirent_at(*b, 0);
    if (dot->inode != dir->ino || dot->name_len != 1 || dot->name[0] != '.' ||
        dot->rec_len + EXT2_DIRENT_SIZE(2) > fs->block_size)
        goto bad;
    const struct ext2_dirent *dotdot = dirent_at(*b, dot->rec_len);
    if (dotdot->inode == 0 || dotdot->name_len != 2 || dotdot->name[0] != '.' || dotdot->name[1] != '.')
        goto bad;
    *off = dot->rec_len;
    return 0;
bad:
    bcache_release(*b);
    return ext2_error(fs, "directory inode %u does not start with \".\" and \"..\"", dir->ino);
}

int ext2_dir_parent(struct ext2_fs *fs, struct ext2_node *dir, uint32_t *out)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    struct bcache_buf *b;
    uint32_t off;
    int rc = ext2_dir_dotdot(fs, dir, &b, &off);
    if (rc < 0)
        return rc;
    *out = dirent_at(b, off)->inode;
    bcache_release(b);
    return 0;
}

int ext2_dir_set_parent(struct ext2_fs *fs, struct ext2_node *dir, uint32_t parent_ino)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    struct bcache_buf *b;
    uint32_t off;
    rc = ext2_dir_dotdot(fs, dir, &b, &off);
    if (rc < 0)
        return rc;
    dirent_at(b, off)->inode = parent_ino;
    bcache_mark_dirty(b);
    bcache_release(b);
    return ext2_dir_touch(fs, dir);
}
