/* Mounting: the superblock and group descriptors are read, checked and kept
 * in memory; sync writes them back with the cache; the on-disk state says
 * whether the file system may have unsynced changes. */
#include "fs/ext2/check.h"
#include "fs/ext2/ext2_internal.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/heap.h"
#include <stdarg.h>
#include <string.h>

/* The cache gets this many bytes of buffers per mounted file system. */
#ifndef EXT2_CACHE_BYTES
#define EXT2_CACHE_BYTES    (2u * 1024 * 1024)
#endif

int ext2_error(struct ext2_fs *fs, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printk("ext2 (%s): ", fs->name);
    vprintk(fmt, ap);
    printk("\n");
    va_end(ap);
    /* e2fsck then checks even without -f. */
    if (!fs->readonly) {
        fs->sb.s_state |= EXT2_ERROR_FS;
        fs->sb_dirty = true;
    }
    return -EUCLEAN;
}

bool ext2_block_is_metadata(const struct ext2_fs *fs, uint32_t blk)
{
    if (blk < fs->sb.s_first_data_block || blk >= fs->sb.s_blocks_count)
        return true;
    uint32_t g = (blk - fs->sb.s_first_data_block) / fs->sb.s_blocks_per_group;
    const struct ext2_group *grp = &fs->groups[g];
    if (blk < grp->meta_end)
        return true;
    if (blk == grp->block_bitmap || blk == grp->inode_bitmap)
        return true;
    return blk >= grp->inode_table && blk < grp->inode_table + fs->inode_table_blocks;
}

/* The block and offset of the primary superblock. */
static uint32_t ext2_sb_block(const struct ext2_fs *fs) { return EXT2_SUPERBLOCK_OFFSET >> fs->block_log; }
static uint32_t ext2_sb_offset(const struct ext2_fs *fs) { return EXT2_SUPERBLOCK_OFFSET & (fs->block_size - 1); }

/* Copies the in-memory superblock into its cached block. */
static int ext2_put_super(struct ext2_fs *fs, struct bcache_buf **out)
{
    struct bcache_buf *b;
    int rc = bcache_read(fs->cache, ext2_sb_block(fs), &b);
    if (rc < 0)
        return rc;
    memcpy(b->data + ext2_sb_offset(fs), &fs->sb, sizeof(fs->sb));
    bcache_mark_dirty(b);
    if (out)
        *out = b;
    else
        bcache_release(b);
    return 0;
}

void ext2_group_changed(struct ext2_fs *fs, uint32_t group)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    ASSERT(group < fs->ngroups);
    const struct ext2_group *g = &fs->groups[group];
    uint32_t per_block = fs->block_size / sizeof(struct ext2_group_desc);
    uint32_t blk = fs->sb.s_first_data_block + 1 + group / per_block;
    struct bcache_buf *b;
    fs->sb_dirty = true;
    if (bcache_read(fs->cache, blk, &b) < 0) {
        /* The in-memory copy stays right; the next sync rewrites it all. */
        printk("ext2 (%s): cannot update descriptor of group %u\n", fs->name, group);
        return;
    }
    struct ext2_group_desc *gd = (struct ext2_group_desc *)b->data + group % per_block;
    gd->bg_free_blocks_count = (uint16_t)g->free_blocks;
    gd->bg_free_inodes_count = (uint16_t)g->free_inodes;
    gd->bg_used_dirs_count = (uint16_t)g->used_dirs;
    bcache_mark_dirty(b);
    bcache_release(b);
}


int ext2_begin_change(struct ext2_fs *fs)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    if (fs->readonly)
        return -EROFS;
    if (fs->dirty_on_disk)
        return 0;
    /* Written at once, ahead of the changes it covers: a crash from here to
     * the next sync leaves a file system that says it needs checking. */
    fs->sb.s_state &= (uint16_t)~EXT2_VALID_FS;
    fs->sb.s_wtime = ext2_now();
    struct bcache_buf *b;
    int rc = ext2_put_super(fs, &b);
    if (rc < 0)
        return rc;
    rc = bcache_write_now(b);
    bcache_release(b);
    if (rc == 0)
        fs->dirty_on_disk = true;
    return rc;
}

int ext2_fs_sync(struct ext2_fs *fs)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    if (fs->readonly)
        return 0;
    int rc = 0;
    if (fs->sb_dirty || fs->dirty_on_disk) {
        /* Everything else first, so the "clean" mark is never on the disk
         * ahead of the data it vouches for. */
        rc = bcache_sync(fs->cache);
        if (rc < 0)
            return rc;
        /* A file system that came in unclean stays marked for e2fsck. */
        if (fs->was_clean && !(fs->sb.s_state & EXT2_ERROR_FS))
            fs->sb.s_state |= EXT2_VALID_FS;
        fs->sb.s_wtime = ext2_now();
        rc = ext2_put_super(fs, NULL);
        if (rc < 0)
            return rc;
        fs->sb_dirty = false;
        fs->dirty_on_disk = false;
    }
    return bcache_sync(fs->cache);
}

static int ext2_load_groups(struct ext2_fs *fs, const struct ext2_geometry *geo)
{
    fs->groups = kcalloc(fs->ngroups, sizeof(*fs->groups));
    if (!fs->groups)
        return -ENOMEM;
    uint32_t per_block = fs->block_size / sizeof(struct ext2_group_desc);
    uint64_t free_blocks = 0, free_inodes = 0;
    for (uint32_t g = 0; g < fs->ngroups; g++) {
        struct bcache_buf *b;
        int rc = bcache_read(fs->cache, fs->sb.s_first_data_block + 1 + g / per_block, &b);
        if (rc < 0)
            return rc;
        const struct ext2_group_desc *gd = (const struct ext2_group_desc *)b->data + g % per_block;
        struct ext2_group_layout layout;
        const char *why;
        rc = ext2_check_group(&fs->sb, geo, g, gd, &layout, &why);
        if (rc < 0) {
            bcache_release(b);
            printk("ext2 (%s): group %u: %s\n", fs->name, g, why);
            return rc;
        }
        struct ext2_group *grp = &fs->groups[g];
        grp->block_bitmap = gd->bg_block_bitmap;
        grp->inode_bitmap = gd->bg_inode_bitmap;
        grp->inode_table = gd->bg_inode_table;
        grp->free_blocks = gd->bg_free_blocks_count;
        grp->free_inodes = gd->bg_free_inodes_count;
        grp->used_dirs = gd->bg_used_dirs_count;
        grp->first_block = layout.first_block;
        grp->nblocks = layout.nblocks;
        grp->meta_end = layout.meta_end;
        free_blocks += grp->free_blocks;
        free_inodes += grp->free_inodes;
        bcache_release(b);
    }
    /* The descriptors are authoritative; the superblock's totals are only
     * a summary that a crash may have left stale. */
    fs->sb.s_free_blocks_count = (uint32_t)free_blocks;
    fs->sb.s_free_inodes_count = (uint32_t)free_inodes;
    return 0;
}

int ext2_fs_open(struct block_device *bd, bool readonly, struct ext2_fs **out)
{
    if (bd->sector_size > EXT2_SUPERBLOCK_OFFSET)
        return -EINVAL;
    struct ext2_fs *fs = kzalloc(sizeof(*fs));
    uint8_t *raw = kmalloc(EXT2_SUPERBLOCK_SIZE);
    int rc = -ENOMEM;
    if (!fs || !raw)
        goto fail;
    fs->bd = bd;
    strlcpy(fs->name, bd->name, sizeof(fs->name));
    mutex_init(&fs->lock, "ext2");
    uint32_t per_sector = bd->sector_size;
    rc = block_read(bd, EXT2_SUPERBLOCK_OFFSET / per_sector, EXT2_SUPERBLOCK_SIZE / per_sector, raw);
    if (rc < 0)
        goto fail;
    memcpy(&fs->sb, raw, sizeof(fs->sb));
    struct ext2_geometry geo;
    const char *why;
    rc = ext2_check_super(&fs->sb, bd->sector_count * bd->sector_size, &geo, &why);
    if (rc < 0) {
        printk("ext2 (%s): cannot mount: %s\n", bd->name, why);
        goto fail;
    }
    if (fs->sb.s_rev_level == EXT2_GOOD_OLD_REV) {
        /* Revision 0 leaves these fields undefined; give them their meaning. */
        fs->sb.s_feature_compat = fs->sb.s_feature_incompat = fs->sb.s_feature_ro_compat = 0;
    }
    fs->block_log = geo.block_log;
    fs->block_size = geo.block_size;
    fs->ptrs_per_block = geo.block_size / 4;
    fs->inode_size = geo.inode_size;
    fs->inodes_per_block = geo.block_size / geo.inode_size;
    fs->inode_table_blocks = geo.inode_table_blocks;
    fs->gdt_blocks = geo.gdt_blocks;
    fs->first_ino = geo.first_ino;
    fs->ngroups = geo.ngroups;
    fs->has_filetype = geo.has_filetype;
    uint64_t p = fs->ptrs_per_block;
    uint64_t map_blocks = EXT2_NDIR_BLOCKS + p + p * p + p * p * p;
    fs->max_file_size = geo.large_file ? map_blocks << fs->block_log : 0x7FFFFFFFull;
    if (fs->max_file_size > map_blocks << fs->block_log)
        fs->max_file_size = map_blocks << fs->block_log;
    fs->readonly = readonly || geo.readonly_features || bd->read_only;
    if (!readonly && fs->readonly)
        printk("ext2 (%s): mounting read-only: %s\n", bd->name,
               bd->read_only ? "the device is read-only" : "unsupported read-only-compatible features");
    fs->was_clean = (fs->sb.s_state & EXT2_VALID_FS) && !(fs->sb.s_state & EXT2_ERROR_FS);
    fs->dirty_on_disk = !fs->was_clean;
    if (!fs->was_clean)
        printk("ext2 (%s): not cleanly unmounted or has errors; run e2fsck\n", bd->name);

    rc = bcache_create(bd, fs->block_size, EXT2_CACHE_BYTES / fs->block_size, &fs->cache);
    if (rc < 0)
        goto fail;
    mutex_lock(&fs->lock);
    rc = ext2_load_groups(fs, &geo);
    if (rc == 0) {
        struct ext2_node root;
        rc = ext2_node_load(fs, EXT2_ROOT_INO, &root);
        if (rc == 0 && (root.raw.i_mode & 0xF000) != 0x4000)
            rc = ext2_error(fs, "the root inode is not a directory");
    }
    if (rc == 0 && !fs->readonly) {
        fs->sb.s_mnt_count++;
        fs->sb.s_mtime = ext2_now();
        fs->sb_dirty = true;
    }
    mutex_unlock(&fs->lock);
    if (rc < 0)
        goto fail;
    kfree(raw);
    printk("ext2 (%s): mounted%s: %u blocks of %u bytes, %u inodes, %u groups\n", bd->name,
           fs->readonly ? " read-only" : "", fs->sb.s_blocks_count, fs->block_size, fs->sb.s_inodes_count,
           fs->ngroups);
    *out = fs;
    return 0;
fail:
    if (fs && fs->cache) {
        /* Nothing was changed on disk; drop what a failed check may have
         * marked dirty. */
        fs->readonly = true;
        bcache_destroy(fs->cache);
    }
    if (fs)
        kfree(fs->groups);
    kfree(fs);
    kfree(raw);
    return rc;
}

void ext2_fs_close(struct ext2_fs *fs)
{
    mutex_lock(&fs->lock);
    int rc = ext2_fs_sync(fs);
    if (rc < 0)
        printk("ext2 (%s): final sync failed: error %d\n", fs->name, rc);
    mutex_unlock(&fs->lock);
    bcache_destroy(fs->cache);
    kfree(fs->groups);
    kfree(fs);
}
