/* Block and inode allocation through the group bitmaps. The descriptors'
 * counts pick the groups to search; the bitmaps decide. A bitmap that
 * offers a metadata block, or a count that disagrees with its bitmap, is
 * reported and worked around, never trusted. */
#include "fs/ext2/ext2_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

static bool bit_test(const uint8_t *map, uint32_t i) { return map[i >> 3] & (1u << (i & 7)); }
static void bit_set(uint8_t *map, uint32_t i) { map[i >> 3] |= (uint8_t)(1u << (i & 7)); }
static void bit_clear(uint8_t *map, uint32_t i) { map[i >> 3] &= (uint8_t)~(1u << (i & 7)); }

/* The first clear bit in [from, limit), else limit. */
static uint32_t bit_find_clear(const uint8_t *map, uint32_t from, uint32_t limit)
{
    uint32_t i = from;
    while (i < limit) {
        if ((i & 7) == 0 && i + 8 <= limit && map[i >> 3] == 0xFF) {
            i += 8;
            continue;
        }
        if (!bit_test(map, i))
            return i;
        i++;
    }
    return limit;
}

/* Tries to take a free block in group g at or after `from` (an index in
 * the group). 0 with *out set, -ENOSPC if the group has none, or -errno. */
static int alloc_in_group(struct ext2_fs *fs, uint32_t g, uint32_t from, uint32_t *out)
{
    struct ext2_group *grp = &fs->groups[g];
    if (grp->free_blocks == 0)
        return -ENOSPC;
    struct bcache_buf *b;
    int rc = bcache_read(fs->cache, grp->block_bitmap, &b);
    if (rc < 0)
        return rc;
    uint32_t limit = grp->nblocks;
    for (unsigned pass = 0; pass < 2; pass++) {
        uint32_t start = pass == 0 ? from : 0, end = pass == 0 ? limit : from;
        for (uint32_t i = bit_find_clear(b->data, start, end); i < end; i = bit_find_clear(b->data, i + 1, end)) {
            uint32_t blk = grp->first_block + i;
            bit_set(b->data, i);
            bcache_mark_dirty(b);
            if (ext2_block_is_metadata(fs, blk)) {
                /* Marking it used repairs the bitmap as a side effect. */
                ext2_error(fs, "group %u: bitmap shows metadata block %u as free", g, blk);
                continue;
            }
            bcache_release(b);
            grp->free_blocks--;
            if (fs->sb.s_free_blocks_count)
                fs->sb.s_free_blocks_count--;
            ext2_group_changed(fs, g);
            *out = blk;
            return 0;
        }
    }
    bcache_release(b);
    ext2_error(fs, "group %u: count says %u free blocks but the bitmap is full", g, grp->free_blocks);
    grp->free_blocks = 0;
    ext2_group_changed(fs, g);
    return -ENOSPC;
}

int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    if (goal < fs->sb.s_first_data_block || goal >= fs->sb.s_blocks_count)
        goal = fs->sb.s_first_data_block;
    uint32_t g0 = (goal - fs->sb.s_first_data_block) / fs->sb.s_blocks_per_group;
    for (uint32_t k = 0; k < fs->ngroups; k++) {
        uint32_t g = (g0 + k) % fs->ngroups;
        uint32_t from = k == 0 ? goal - fs->groups[g].first_block : 0;
        rc = alloc_in_group(fs, g, from, out);
        if (rc != -ENOSPC)
            return rc;
    }
    return -ENOSPC;
}

int ext2_free_block(struct ext2_fs *fs, uint32_t blk)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    if (ext2_block_is_metadata(fs, blk))
        return ext2_error(fs, "refusing to free metadata or out-of-range block %u", blk);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    uint32_t g = (blk - fs->sb.s_first_data_block) / fs->sb.s_blocks_per_group;
    struct ext2_group *grp = &fs->groups[g];
    struct bcache_buf *b;
    rc = bcache_read(fs->cache, grp->block_bitmap, &b);
    if (rc < 0)
        return rc;
    uint32_t i = blk - grp->first_block;
    if (!bit_test(b->data, i)) {
        bcache_release(b);
        return ext2_error(fs, "block %u freed twice", blk);
    }
    bit_clear(b->data, i);
    bcache_mark_dirty(b);
    bcache_release(b);
    if (grp->free_blocks < grp->nblocks)
        grp->free_blocks++;
    fs->sb.s_free_blocks_count++;
    ext2_group_changed(fs, g);
    bcache_forget(fs->cache, blk);
    return 0;
}

static int alloc_inode_in_group(struct ext2_fs *fs, uint32_t g, bool is_dir, uint32_t *out)
{
    struct ext2_group *grp = &fs->groups[g];
    if (grp->free_inodes == 0)
        return -ENOSPC;
    struct bcache_buf *b;
    int rc = bcache_read(fs->cache, grp->inode_bitmap, &b);
    if (rc < 0)
        return rc;
    uint32_t ipg = fs->sb.s_inodes_per_group;
    /* Inodes below first_ino are reserved (root, journal, resize...). */
    uint32_t from = g * ipg + 1 < fs->first_ino ? fs->first_ino - 1 - g * ipg : 0;
    uint32_t i = from < ipg ? bit_find_clear(b->data, from, ipg) : ipg;
    if (i == ipg) {
        bcache_release(b);
        ext2_error(fs, "group %u: count says %u free inodes but the bitmap is full", g, grp->free_inodes);
        grp->free_inodes = 0;
        ext2_group_changed(fs, g);
        return -ENOSPC;
    }
    bit_set(b->data, i);
    bcache_mark_dirty(b);
    bcache_release(b);
    grp->free_inodes--;
    if (is_dir)
        grp->used_dirs++;
    if (fs->sb.s_free_inodes_count)
        fs->sb.s_free_inodes_count--;
    ext2_group_changed(fs, g);
    *out = g * ipg + i + 1;
    return 0;
}

int ext2_alloc_inode(struct ext2_fs *fs, uint32_t parent_ino, bool is_dir, uint32_t *out)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    uint32_t parent_group = (parent_ino - 1) / fs->sb.s_inodes_per_group;
    if (parent_group >= fs->ngroups)
        parent_group = 0;
    uint32_t start = parent_group;
    if (is_dir) {
        /* New directories go where inodes and blocks are plentiful, so
         * that trees spread over the disk and their files follow them. */
        uint32_t avg = fs->sb.s_free_inodes_count / fs->ngroups;
        uint32_t best_blocks = 0;
        for (uint32_t g = 0; g < fs->ngroups; g++) {
            const struct ext2_group *grp = &fs->groups[g];
            if (grp->free_inodes > 0 && grp->free_inodes >= avg && grp->free_blocks > best_blocks) {
                best_blocks = grp->free_blocks;
                start = g;
            }
        }
    }
    for (uint32_t k = 0; k < fs->ngroups; k++) {
        rc = alloc_inode_in_group(fs, (start + k) % fs->ngroups, is_dir, out);
        if (rc != -ENOSPC)
            return rc;
    }
    return -ENOSPC;
}

int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool is_dir)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    if (ino < fs->first_ino || ino > fs->sb.s_inodes_count)
        return ext2_error(fs, "refusing to free reserved or out-of-range inode %u", ino);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    uint32_t g = (ino - 1) / fs->sb.s_inodes_per_group, i = (ino - 1) % fs->sb.s_inodes_per_group;
    struct ext2_group *grp = &fs->groups[g];
    struct bcache_buf *b;
    rc = bcache_read(fs->cache, grp->inode_bitmap, &b);
    if (rc < 0)
        return rc;
    if (!bit_test(b->data, i)) {
        bcache_release(b);
        return ext2_error(fs, "inode %u freed twice", ino);
    }
    bit_clear(b->data, i);
    bcache_mark_dirty(b);
    bcache_release(b);
    if (grp->free_inodes < fs->sb.s_inodes_per_group)
        grp->free_inodes++;
    if (is_dir && grp->used_dirs)
        grp->used_dirs--;
    fs->sb.s_free_inodes_count++;
    ext2_group_changed(fs, g);
    return 0;
}
