/* The ext2 on-disk format (revision 0 and 1), as the structures sit on the
 * disk: little-endian, which is also the CPU's order, so they are read in
 * place. Only what Kestrel uses is spelled out; the rest is padding. */
#ifndef FS_EXT2_EXT2_DISK_H
#define FS_EXT2_EXT2_DISK_H
#include <stdint.h>

#define EXT2_SUPER_MAGIC        0xEF53
#define EXT2_SUPERBLOCK_OFFSET  1024
#define EXT2_SUPERBLOCK_SIZE    1024
#define EXT2_ROOT_INO           2
#define EXT2_GOOD_OLD_FIRST_INO 11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_GOOD_OLD_REV       0
#define EXT2_DYNAMIC_REV        1
#define EXT2_MIN_BLOCK_LOG      10      /* 1 KiB */
#define EXT2_MAX_BLOCK_LOG      12      /* 4 KiB: the largest Kestrel mounts */

#define EXT2_VALID_FS           0x0001  /* s_state: cleanly unmounted */
#define EXT2_ERROR_FS           0x0002  /* s_state: errors detected */

#define EXT2_FEATURE_COMPAT_DIR_PREALLOC    0x0001
#define EXT2_FEATURE_COMPAT_IMAGIC_INODES   0x0002
#define EXT2_FEATURE_COMPAT_HAS_JOURNAL     0x0004
#define EXT2_FEATURE_COMPAT_EXT_ATTR        0x0008
#define EXT2_FEATURE_COMPAT_RESIZE_INODE    0x0010
#define EXT2_FEATURE_COMPAT_DIR_INDEX       0x0020

#define EXT2_FEATURE_INCOMPAT_FILETYPE      0x0002
#define EXT2_FEATURE_INCOMPAT_RECOVER       0x0004

#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE   0x0002

/* What Kestrel understands fully; any other incompatible feature refuses
 * the mount, any other read-only-compatible one makes it read-only. */
#define EXT2_INCOMPAT_SUPPORTED     EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPPORTED    (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

struct ext2_superblock {
    uint32_t s_inodes_count;
    uint32_t s_blocks_count;
    uint32_t s_r_blocks_count;
    uint32_t s_free_blocks_count;
    uint32_t s_free_inodes_count;
    uint32_t s_first_data_block;
    uint32_t s_log_block_size;          /* block size = 1024 << this */
    uint32_t s_log_frag_size;
    uint32_t s_blocks_per_group;
    uint32_t s_frags_per_group;
    uint32_t s_inodes_per_group;
    uint32_t s_mtime;
    uint32_t s_wtime;
    uint16_t s_mnt_count;
    int16_t s_max_mnt_count;
    uint16_t s_magic;
    uint16_t s_state;
    uint16_t s_errors;
    uint16_t s_minor_rev_level;
    uint32_t s_lastcheck;
    uint32_t s_checkinterval;
    uint32_t s_creator_os;
    uint32_t s_rev_level;
    uint16_t s_def_resuid;
    uint16_t s_def_resgid;
    /* EXT2_DYNAMIC_REV only from here on. */
    uint32_t s_first_ino;
    uint16_t s_inode_size;
    uint16_t s_block_group_nr;
    uint32_t s_feature_compat;
    uint32_t s_feature_incompat;
    uint32_t s_feature_ro_compat;
    uint8_t s_uuid[16];
    char s_volume_name[16];
    char s_last_mounted[64];
    uint32_t s_algorithm_usage_bitmap;
    uint8_t s_prealloc_blocks;
    uint8_t s_prealloc_dir_blocks;
    uint16_t s_reserved_gdt_blocks;
    uint8_t s_rest[1024 - 208];
} __attribute__((packed));
_Static_assert(sizeof(struct ext2_superblock) == EXT2_SUPERBLOCK_SIZE, "superblock layout");

struct ext2_group_desc {
    uint32_t bg_block_bitmap;
    uint32_t bg_inode_bitmap;
    uint32_t bg_inode_table;
    uint16_t bg_free_blocks_count;
    uint16_t bg_free_inodes_count;
    uint16_t bg_used_dirs_count;
    uint16_t bg_flags;
    uint8_t bg_reserved[12];
} __attribute__((packed));
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptor layout");

#define EXT2_NDIR_BLOCKS    12
#define EXT2_IND_BLOCK      12
#define EXT2_DIND_BLOCK     13
#define EXT2_TIND_BLOCK     14
#define EXT2_N_BLOCKS       15
#define EXT2_FAST_SYMLINK_MAX (EXT2_N_BLOCKS * 4 - 1)  /* bytes in i_block, with room for a NUL */

/* i_flags */
#define EXT2_INDEX_FL       0x00001000  /* hashed directory index (dir_index) */

/* The first 128 bytes of every inode. */
struct ext2_inode {
    uint16_t i_mode;
    uint16_t i_uid;
    uint32_t i_size;
    uint32_t i_atime;
    uint32_t i_ctime;
    uint32_t i_mtime;
    uint32_t i_dtime;
    uint16_t i_gid;
    uint16_t i_links_count;
    uint32_t i_blocks;                  /* 512-byte units, metadata included */
    uint32_t i_flags;
    uint32_t i_osd1;
    uint32_t i_block[EXT2_N_BLOCKS];
    uint32_t i_generation;
    uint32_t i_file_acl;                /* extended-attribute block */
    uint32_t i_size_high;               /* regular files, with large_file */
    uint32_t i_faddr;
    uint8_t i_frag;
    uint8_t i_fsize;
    uint16_t i_blocks_hi;
    uint16_t i_uid_high;
    uint16_t i_gid_high;
    uint32_t i_reserved2;
} __attribute__((packed));
_Static_assert(sizeof(struct ext2_inode) == EXT2_GOOD_OLD_INODE_SIZE, "inode layout");

/* In inodes larger than 128 bytes, the size of the fields past 128 that are
 * in use; mke2fs and Linux write 32 for new inodes. */
#define EXT2_EXTRA_ISIZE_OFFSET 128
#define EXT2_EXTRA_ISIZE_NEW    32

/* Directory entries. rec_len covers the name and any slack up to the next
 * entry; entries never cross a block. With the filetype feature the high
 * byte of the name length is the entry's type. */
struct ext2_dirent {
    uint32_t inode;                     /* 0: unused slot */
    uint16_t rec_len;
    uint8_t name_len;
    uint8_t file_type;
    char name[];
} __attribute__((packed));
#define EXT2_DIRENT_HEADER  8
#define EXT2_NAME_LEN       255
/* The smallest rec_len that holds a name of n bytes. */
#define EXT2_DIRENT_SIZE(n) ((EXT2_DIRENT_HEADER + (n) + 3u) & ~3u)

enum {
    EXT2_FT_UNKNOWN = 0, EXT2_FT_REG_FILE = 1, EXT2_FT_DIR = 2, EXT2_FT_CHRDEV = 3,
    EXT2_FT_BLKDEV = 4, EXT2_FT_FIFO = 5, EXT2_FT_SOCK = 6, EXT2_FT_SYMLINK = 7, EXT2_FT_MAX = 8,
};

/* The header of an extended-attribute block (only its reference count is
 * used: freeing an inode gives up its share of the block). */
#define EXT2_XATTR_MAGIC    0xEA020000u
struct ext2_xattr_header {
    uint32_t h_magic;
    uint32_t h_refcount;
    uint32_t h_blocks;
    uint32_t h_hash;
} __attribute__((packed));
#endif
