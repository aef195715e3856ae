/* The block map: twelve direct pointers, then single, double and triple
 * indirect blocks. Every pointer read from the disk is checked before it is
 * followed; freeing walks the same tree bottom up. */
#include "fs/ext2/ext2_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

/* A pointer found in an inode or an indirect block: 0 (a hole) or a block
 * of the file system that is not fixed metadata. */
static int ext2_ptr_check(struct ext2_fs *fs, const struct ext2_node *node, uint32_t p)
{
    if (p && ext2_block_is_metadata(fs, p))
        return ext2_error(fs, "inode %u: block pointer %u is out of range or metadata", node->ino, p);
    return 0;
}

/* Splits a file block number into the path through the tree: idx[0] is the
 * slot in i_block, idx[1..depth] the slots in the indirect blocks. */
static int ext2_block_path(const struct ext2_fs *fs, uint64_t lblock, unsigned *depth, uint32_t idx[4])
{
    uint64_t p = fs->ptrs_per_block;
    if (lblock < EXT2_NDIR_BLOCKS) {
        *depth = 0;
        idx[0] = (uint32_t)lblock;
        return 0;
    }
    lblock -= EXT2_NDIR_BLOCKS;
    if (lblock < p) {
        *depth = 1;
        idx[0] = EXT2_IND_BLOCK;
        idx[1] = (uint32_t)lblock;
        return 0;
    }
    lblock -= p;
    if (lblock < p * p) {
        *depth = 2;
        idx[0] = EXT2_DIND_BLOCK;
        idx[1] = (uint32_t)(lblock / p);
        idx[2] = (uint32_t)(lblock % p);
        return 0;
    }
    lblock -= p * p;
    if (lblock < p * p * p) {
        *depth = 3;
        idx[0] = EXT2_TIND_BLOCK;
        idx[1] = (uint32_t)(lblock / (p * p));
        idx[2] = (uint32_t)(lblock / p % p);
        idx[3] = (uint32_t)(lblock % p);
        return 0;
    }
    return -EFBIG;
}

/* A new block for the file, near `near` (or the inode's group), counted in
 * i_blocks. Indirect blocks come back zeroed in the cache. */
static int ext2_bmap_alloc(struct ext2_fs *fs, struct ext2_node *node, uint32_t near, bool zero, uint32_t *out)
{
    uint32_t goal = near ? near + 1 : fs->groups[(node->ino - 1) / fs->sb.s_inodes_per_group].first_block;
    int rc = ext2_alloc_block(fs, goal, out);
    if (rc < 0)
        return rc;
    if (zero) {
        struct bcache_buf *b;
        rc = bcache_get_zeroed(fs->cache, *out, &b);
        if (rc < 0) {
            ext2_free_block(fs, *out);
            return rc;
        }
        bcache_release(b);
    }
    node->raw.i_blocks += fs->block_size / 512;
    return 0;
}

int ext2_bmap(struct ext2_fs *fs, struct ext2_node *node, uint64_t lblock, bool create, uint32_t *out,
              bool *fresh)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    unsigned depth;
    uint32_t idx[4];
    if (fresh)
        *fresh = false;
    int rc = ext2_block_path(fs, lblock, &depth, idx);
    if (rc < 0)
        return rc;
    uint32_t p = node->raw.i_block[idx[0]];
    rc = ext2_ptr_check(fs, node, p);
    if (rc < 0)
        return rc;
    bool changed = false;
    if (!p) {
        if (!create) {
            *out = 0;
            return 0;
        }
        rc = ext2_bmap_alloc(fs, node, idx[0] ? node->raw.i_block[idx[0] - 1] : 0, depth > 0, &p);
        if (rc < 0)
            return rc;
        node->raw.i_block[idx[0]] = p;
        changed = true;
        if (depth == 0 && fresh)
            *fresh = true;
    }
    for (unsigned level = 1; level <= depth && rc == 0; level++) {
        struct bcache_buf *b;
        rc = bcache_read(fs->cache, p, &b);
        if (rc < 0)
            break;
        uint32_t *slots = (uint32_t *)b->data;
        uint32_t q = slots[idx[level]];
        rc = ext2_ptr_check(fs, node, q);
        if (rc == 0 && !q) {
            if (!create) {
                bcache_release(b);
                *out = 0;
                goto out;
            }
            uint32_t near = idx[level] ? slots[idx[level] - 1] : p;
            rc = ext2_bmap_alloc(fs, node, near, level < depth, &q);
            if (rc == 0) {
                slots[idx[level]] = q;
                bcache_mark_dirty(b);
                changed = true;
                if (level == depth && fresh)
                    *fresh = true;
            }
        }
        bcache_release(b);
        p = q;
    }
    if (rc == 0)
        *out = p;
out:
    if (changed) {
        int err = ext2_node_store(fs, node);
        if (rc == 0)
            rc = err;
    }
    return rc;
}

static void ext2_uncount_block(struct ext2_fs *fs, struct ext2_node *node)
{
    uint32_t sectors = fs->block_size / 512;
    node->raw.i_blocks = node->raw.i_blocks >= sectors ? node->raw.i_blocks - sectors : 0;
}

/* Frees what the indirect block `blk` (at `level`: 1 = its entries are data
 * blocks) maps from file block `first` on; it covers file blocks from
 * `base`. *empty says whether nothing is left in it. */
static int ext2_free_tree(struct ext2_fs *fs, struct ext2_node *node, uint32_t blk, unsigned level,
                          uint64_t base, uint64_t first, bool *empty)
{
    uint64_t span = 1;
    for (unsigned i = 1; i < level; i++)
        span *= fs->ptrs_per_block;
    struct bcache_buf *b;
    int rc = bcache_read(fs->cache, blk, &b);
    if (rc < 0) {
        *empty = false;
        return rc;
    }
    uint32_t *slots = (uint32_t *)b->data;
    bool left = false, dirty = false;
    for (uint32_t i = 0; i < fs->ptrs_per_block; i++) {
        uint32_t child = slots[i];
        if (!child)
            continue;
        uint64_t child_base = base + i * span;
        if (child_base + span <= first) {
            left = true;
            continue;
        }
        if (ext2_ptr_check(fs, node, child) < 0) {
            /* Dropping the bad pointer is the repair; nothing is freed. */
            slots[i] = 0;
            dirty = true;
            rc = -EUCLEAN;
            continue;
        }
        bool child_empty = true;
        if (level > 1) {
            int err = ext2_free_tree(fs, node, child, level - 1, child_base, first, &child_empty);
            if (err < 0 && rc == 0)
                rc = err;
        }
        if (child_empty) {
            int err = ext2_free_block(fs, child);
            if (err < 0 && rc == 0)
                rc = err;
            slots[i] = 0;
            dirty = true;
            ext2_uncount_block(fs, node);
        } else {
            left = true;
        }
    }
    if (dirty)
        bcache_mark_dirty(b);
    bcache_release(b);
    *empty = !left;
    return rc;
}

int ext2_free_blocks_from(struct ext2_fs *fs, struct ext2_node *node, uint64_t first)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    uint64_t p = fs->ptrs_per_block;
    for (uint32_t i = 0; i < EXT2_NDIR_BLOCKS; i++) {
        uint32_t blk = node->raw.i_block[i];
        if (!blk || i < first)
            continue;
        int err = ext2_ptr_check(fs, node, blk) < 0 ? -EUCLEAN : ext2_free_block(fs, blk);
        if (err < 0 && rc == 0)
            rc = err;
        node->raw.i_block[i] = 0;
        ext2_uncount_block(fs, node);
    }
    const uint64_t bases[3] = { EXT2_NDIR_BLOCKS, EXT2_NDIR_BLOCKS + p, EXT2_NDIR_BLOCKS + p + p * p };
    const uint64_t spans[3] = { p, p * p, p * p * p };
    for (unsigned level = 1; level <= 3; level++) {
        unsigned slot = EXT2_IND_BLOCK + level - 1;
        uint32_t top = node->raw.i_block[slot];
        if (!top || bases[level - 1] + spans[level - 1] <= first)
            continue;
        if (ext2_ptr_check(fs, node, top) < 0) {
            node->raw.i_block[slot] = 0;
            if (rc == 0)
                rc = -EUCLEAN;
            continue;
        }
        bool empty;
        int err = ext2_free_tree(fs, node, top, level, bases[level - 1], first, &empty);
        if (err < 0 && rc == 0)
            rc = err;
        if (empty) {
            err = ext2_free_block(fs, top);
            if (err < 0 && rc == 0)
                rc = err;
            node->raw.i_block[slot] = 0;
            ext2_uncount_block(fs, node);
        }
    }
    int err = ext2_node_store(fs, node);
    return rc ? rc : err;
}
