/* Consistency checks of the superblock and group descriptors: pure
 * functions of the bytes and the device size, shared with the host tests. */
#include "fs/ext2/check.h"
#include "kernel/errno.h"
#include <stddef.h>

static int check_fail(const char **why, const char *reason, int err)
{
    *why = reason;
    return err;
}

static bool is_power_of(uint32_t n, uint32_t base)
{
    while (n > 1 && n % base == 0)
        n /= base;
    return n == 1;
}

bool ext2_group_has_super(const struct ext2_superblock *sb, uint32_t group)
{
    if (!(sb->s_rev_level >= EXT2_DYNAMIC_REV && (sb->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER)))
        return true;
    return group <= 1 || is_power_of(group, 3) || is_power_of(group, 5) || is_power_of(group, 7);
}

int ext2_check_super(const struct ext2_superblock *sb, uint64_t device_bytes, struct ext2_geometry *geo,
                     const char **why)
{
    *why = NULL;
    if (sb->s_magic != EXT2_SUPER_MAGIC)
        return check_fail(why, "no ext2 magic number", -EINVAL);
    if (sb->s_rev_level > EXT2_DYNAMIC_REV)
        return check_fail(why, "unknown revision level", -EINVAL);
    bool dynamic = sb->s_rev_level == EXT2_DYNAMIC_REV;
    uint32_t incompat = dynamic ? sb->s_feature_incompat : 0;
    uint32_t ro_compat = dynamic ? sb->s_feature_ro_compat : 0;
    if (incompat & EXT2_FEATURE_INCOMPAT_RECOVER)
        return check_fail(why, "the journal needs recovery (mount it with a journaling driver, or run e2fsck)",
                          -EINVAL);
    if (incompat & ~EXT2_INCOMPAT_SUPPORTED)
        return check_fail(why, "unsupported incompatible features", -EINVAL);
    if (sb->s_log_block_size > EXT2_MAX_BLOCK_LOG - EXT2_MIN_BLOCK_LOG)
        return check_fail(why, "unsupported block size", -EINVAL);
    uint32_t block_log = EXT2_MIN_BLOCK_LOG + sb->s_log_block_size;
    uint32_t bs = 1u << block_log;
    uint32_t inode_size = dynamic ? sb->s_inode_size : EXT2_GOOD_OLD_INODE_SIZE;
    uint32_t first_ino = dynamic ? sb->s_first_ino : EXT2_GOOD_OLD_FIRST_INO;
    if (inode_size < EXT2_GOOD_OLD_INODE_SIZE || inode_size > bs || (inode_size & (inode_size - 1)))
        return check_fail(why, "bad inode size", -EUCLEAN);
    if (sb->s_first_data_block != (bs == 1024 ? 1u : 0u))
        return check_fail(why, "bad first data block", -EUCLEAN);
    if (sb->s_blocks_per_group < 8 || sb->s_blocks_per_group > 8 * bs || sb->s_blocks_per_group % 8)
        return check_fail(why, "bad blocks per group", -EUCLEAN);
    if (sb->s_inodes_per_group < 1 || sb->s_inodes_per_group > 8 * bs)
        return check_fail(why, "bad inodes per group", -EUCLEAN);
    if (sb->s_blocks_count <= sb->s_first_data_block)
        return check_fail(why, "bad block count", -EUCLEAN);
    if ((uint64_t)sb->s_blocks_count << block_log > device_bytes)
        return check_fail(why, "the file system is larger than its device", -EUCLEAN);
    uint32_t ngroups = (sb->s_blocks_count - sb->s_first_data_block + sb->s_blocks_per_group - 1) /
                       sb->s_blocks_per_group;
    if ((uint64_t)ngroups * sb->s_inodes_per_group != sb->s_inodes_count)
        return check_fail(why, "inode count does not match the groups", -EUCLEAN);
    if (first_ino < EXT2_GOOD_OLD_FIRST_INO || first_ino > sb->s_inodes_count)
        return check_fail(why, "bad first inode", -EUCLEAN);
    uint32_t gdt_blocks = (uint32_t)(((uint64_t)ngroups * sizeof(struct ext2_group_desc) + bs - 1) / bs);
    uint32_t reserved_gdt = (dynamic && (sb->s_feature_compat & EXT2_FEATURE_COMPAT_RESIZE_INODE))
                                ? sb->s_reserved_gdt_blocks : 0;
    if (reserved_gdt > bs / 4)
        return check_fail(why, "bad reserved descriptor block count", -EUCLEAN);
    uint32_t inode_table_blocks = (uint32_t)(((uint64_t)sb->s_inodes_per_group * inode_size + bs - 1) / bs);
    /* Group 0 holds the superblock, descriptors, two bitmaps and its table. */
    uint64_t group0_meta = 1ull + gdt_blocks + reserved_gdt + 2 + inode_table_blocks;
    if (group0_meta > sb->s_blocks_per_group || group0_meta > sb->s_blocks_count - sb->s_first_data_block)
        return check_fail(why, "metadata does not fit in the first group", -EUCLEAN);
    if (sb->s_free_blocks_count > sb->s_blocks_count || sb->s_free_inodes_count > sb->s_inodes_count)
        return check_fail(why, "free counts exceed the totals", -EUCLEAN);
    geo->block_log = block_log;
    geo->block_size = bs;
    geo->inode_size = inode_size;
    geo->first_ino = first_ino;
    geo->ngroups = ngroups;
    geo->gdt_blocks = gdt_blocks;
    geo->reserved_gdt_blocks = reserved_gdt;
    geo->inode_table_blocks = inode_table_blocks;
    geo->readonly_features = (ro_compat & ~EXT2_RO_COMPAT_SUPPORTED) != 0;
    geo->has_filetype = (incompat & EXT2_FEATURE_INCOMPAT_FILETYPE) != 0;
    geo->large_file = (ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE) != 0;
    return 0;
}

int ext2_check_group(const struct ext2_superblock *sb, const struct ext2_geometry *geo, uint32_t group,
                     const struct ext2_group_desc *gd, struct ext2_group_layout *out, const char **why)
{
    *why = NULL;
    uint32_t first = sb->s_first_data_block + group * sb->s_blocks_per_group;
    uint32_t n = sb->s_blocks_count - first < sb->s_blocks_per_group ? sb->s_blocks_count - first
                                                                      : sb->s_blocks_per_group;
    uint32_t meta_end = first;
    if (ext2_group_has_super(sb, group))
        meta_end += 1 + geo->gdt_blocks + geo->reserved_gdt_blocks;
    uint32_t end = first + n;
    if (meta_end > end)
        return check_fail(why, "group too small for its superblock copy", -EUCLEAN);
    uint32_t bb = gd->bg_block_bitmap, ib = gd->bg_inode_bitmap, it = gd->bg_inode_table;
    if (bb < meta_end || bb >= end)
        return check_fail(why, "block bitmap outside its group", -EUCLEAN);
    if (ib < meta_end || ib >= end || ib == bb)
        return check_fail(why, "inode bitmap outside its group", -EUCLEAN);
    if (it < meta_end || it > end || geo->inode_table_blocks > end - it)
        return check_fail(why, "inode table outside its group", -EUCLEAN);
    if ((bb >= it && bb < it + geo->inode_table_blocks) || (ib >= it && ib < it + geo->inode_table_blocks))
        return check_fail(why, "a bitmap overlaps the inode table", -EUCLEAN);
    if (gd->bg_free_blocks_count > n)
        return check_fail(why, "more free blocks than blocks", -EUCLEAN);
    if (gd->bg_free_inodes_count > sb->s_inodes_per_group || gd->bg_used_dirs_count > sb->s_inodes_per_group)
        return check_fail(why, "more free inodes or directories than inodes", -EUCLEAN);
    out->first_block = first;
    out->nblocks = n;
    out->meta_end = meta_end;
    return 0;
}
