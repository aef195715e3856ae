/* Superblock and group-descriptor checks, free of kernel services (the host
 * tests feed them arbitrary bytes). */
#ifndef FS_EXT2_CHECK_H
#define FS_EXT2_CHECK_H
#include <stdbool.h>
#include <stdint.h>
#include "fs/ext2/ext2_disk.h"

/* What follows from a superblock that passed the checks. */
struct ext2_geometry {
    uint32_t block_log, block_size, inode_size, first_ino, ngroups;
    uint32_t gdt_blocks, reserved_gdt_blocks, inode_table_blocks;
    bool readonly_features;     /* unknown read-only-compatible features */
    bool has_filetype, large_file;
};

struct ext2_group_layout {
    uint32_t first_block, nblocks, meta_end;
};

/* 0, or -EINVAL (not ext2 / unsupported) or -EUCLEAN (inconsistent) with
 * the reason in *why. */
int ext2_check_super(const struct ext2_superblock *sb, uint64_t device_bytes, struct ext2_geometry *geo,
                     const char **why);
int ext2_check_group(const struct ext2_superblock *sb, const struct ext2_geometry *geo, uint32_t group,
                     const struct ext2_group_desc *gd, struct ext2_group_layout *out, const char **why);
/* Whether a group carries a copy of the superblock and descriptors. */
bool ext2_group_has_super(const struct ext2_superblock *sb, uint32_t group);
#endif
