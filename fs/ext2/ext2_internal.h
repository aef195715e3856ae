/* The ext2 core: everything between the block cache and the VFS glue.
 *
 * The core works on struct ext2_node, an inode as the disk has it, and
 * never on VFS inodes, so that it can also run in the host fuzzer
 * (tests/host) against arbitrary images. fs/ext2/vfs.c adapts it to the VFS.
 *
 * Locking: one mutex per mounted file system, ext2_fs.lock, protects every
 * on-disk structure reached through the block cache, the in-memory copies
 * of the superblock and the group descriptors, and the raw inode of every
 * ext2_node. Every function declared here expects it held (asserted) and
 * never sleeps on anything but disk I/O while holding it. It is the
 * innermost lock of the VFS's order: callers may hold VFS inode locks.
 *
 * Every value read from the disk is checked before use. A structure that
 * cannot be right gives -EUCLEAN (with a message naming the inode, block
 * or group); a block the disk cannot deliver gives -EIO. */
#ifndef FS_EXT2_EXT2_INTERNAL_H
#define FS_EXT2_EXT2_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs/bcache.h"
#include "fs/ext2/ext2_disk.h"
#include "kernel/mutex.h"

struct block_device;

struct ext2_group {
    uint32_t block_bitmap, inode_bitmap, inode_table;
    uint32_t free_blocks, free_inodes, used_dirs;
    uint32_t first_block;               /* the group's first block */
    uint32_t nblocks;                   /* blocks in this group (the last may be short) */
    uint32_t meta_end;                  /* end of the superblock copy and descriptor area */
};

struct ext2_fs {
    struct block_device *bd;
    struct bcache *cache;
    /* See the header comment. */
    struct mutex lock;
    struct ext2_superblock sb;          /* in-memory copy, written at sync */
    struct ext2_group *groups;
    uint32_t ngroups;
    uint32_t block_size;
    unsigned block_log;                 /* log2(block_size) */
    uint32_t ptrs_per_block;
    uint32_t inode_size;
    uint32_t inodes_per_block;
    uint32_t inode_table_blocks;        /* per group */
    uint32_t gdt_blocks;                /* blocks of group descriptors */
    uint32_t first_ino;
    uint64_t max_file_size;
    bool readonly;
    bool has_filetype;
    bool was_clean;                     /* s_state said clean at mount */
    bool dirty_on_disk;                 /* the disk's s_state says "in use" */
    bool sb_dirty;                      /* sb or a descriptor changed since the last sync */
    char name[24];                      /* for messages: the device name */
};

/* An inode as the disk has it. */
struct ext2_node {
    uint32_t ino;
    struct ext2_inode raw;
};

/* Copy callbacks for file data. put copies n bytes to the caller's buffer
 * at offset `at` (src NULL: zeros); get copies n bytes from it. 0 or
 * -errno (e.g. -EFAULT). */
struct ext2_io {
    int (*put)(void *ctx, size_t at, const void *src, size_t n);
    int (*get)(void *ctx, size_t at, void *dst, size_t n);
    void *ctx;
};

/* ---- super.c ---- */
/* Reads and checks the superblock and descriptors of bd. `readonly` asks
 * for a read-only mount; the features may force one as well. */
int ext2_fs_open(struct block_device *bd, bool readonly, struct ext2_fs **out);
/* Writes back the superblock, descriptors and every cached block. */
int ext2_fs_sync(struct ext2_fs *fs);
/* Syncs, marks the file system clean and frees everything. */
void ext2_fs_close(struct ext2_fs *fs);
/* Before the first change after a sync: records on disk that the file
 * system is in use, so that a crash is noticed. -EROFS if read-only. */
int ext2_begin_change(struct ext2_fs *fs);
int ext2_error(struct ext2_fs *fs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ext2_group_changed(struct ext2_fs *fs, uint32_t group);
/* Whether blk lies in a group's fixed metadata (superblock copy, descriptors,
 * bitmaps, inode table) or outside the file system. */
bool ext2_block_is_metadata(const struct ext2_fs *fs, uint32_t blk);
uint32_t ext2_now(void);

/* ---- alloc.c ---- */
int ext2_alloc_block(struct ext2_fs *fs, uint32_t goal, uint32_t *out);
int ext2_free_block(struct ext2_fs *fs, uint32_t blk);
int ext2_alloc_inode(struct ext2_fs *fs, uint32_t parent_ino, bool is_dir, uint32_t *out);
int ext2_free_inode(struct ext2_fs *fs, uint32_t ino, bool is_dir);

/* ---- inode.c ---- */
/* Loads and checks inode ino; -EUCLEAN for a number out of range or an
 * inode that is free or malformed. */
int ext2_node_load(struct ext2_fs *fs, uint32_t ino, struct ext2_node *out);
/* Writes node->raw back into its inode-table block (in the cache). */
int ext2_node_store(struct ext2_fs *fs, const struct ext2_node *node);
/* A fresh in-use inode: mode, owner, times, zero size and blocks. */
int ext2_node_create(struct ext2_fs *fs, uint32_t parent_ino, uint16_t mode, uint32_t uid, uint32_t gid,
                     struct ext2_node *out);
/* The last link and the last user are gone: frees blocks and the inode. */
int ext2_node_delete(struct ext2_fs *fs, struct ext2_node *node);
uint64_t ext2_node_size(const struct ext2_node *node);
void ext2_node_set_size(struct ext2_node *node, uint64_t size);
uint32_t ext2_node_uid(const struct ext2_node *node);
uint32_t ext2_node_gid(const struct ext2_node *node);
void ext2_node_set_owner(struct ext2_node *node, uint32_t uid, uint32_t gid);
uint32_t ext2_node_rdev(const struct ext2_node *node);   /* major << 8 | minor style, see inode.c */
void ext2_node_set_rdev(struct ext2_node *node, unsigned major, unsigned minor);
void ext2_node_rdev_split(const struct ext2_node *node, unsigned *major, unsigned *minor);
bool ext2_node_is_fast_symlink(const struct ext2_fs *fs, const struct ext2_node *node);

/* ---- bmap.c ---- */
/* The disk block of file block `lblock`: 0 for a hole (when !create). With
 * create, missing blocks (and indirect blocks) are allocated; *fresh says
 * the data block is new (its contents are undefined until written). */
int ext2_bmap(struct ext2_fs *fs, struct ext2_node *node, uint64_t lblock, bool create, uint32_t *out,
              bool *fresh);
/* Frees every block from file block `first` on (and indirect blocks that
 * become empty). */
int ext2_free_blocks_from(struct ext2_fs *fs, struct ext2_node *node, uint64_t first);

/* ---- file.c ---- */
int64_t ext2_file_read(struct ext2_fs *fs, struct ext2_node *node, uint64_t off, size_t len,
                       const struct ext2_io *io);
int64_t ext2_file_write(struct ext2_fs *fs, struct ext2_node *node, uint64_t off, size_t len,
                        const struct ext2_io *io);
int ext2_truncate(struct ext2_fs *fs, struct ext2_node *node, uint64_t size);
/* The target of a symlink (not NUL-terminated); returns its length. */
int ext2_readlink(struct ext2_fs *fs, struct ext2_node *node, char *buf, size_t size);
int ext2_symlink_write(struct ext2_fs *fs, struct ext2_node *node, const char *target, size_t len);

/* ---- dir.c ---- */
/* Called for each entry; returns false to stop (that entry not consumed). */
typedef bool (*ext2_dir_fn)(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type,
                            uint64_t next_pos);
/* Walks entries from byte position *pos; leaves *pos after the last entry
 * consumed. "." and ".." are ordinary entries. */
int ext2_dir_iterate(struct ext2_fs *fs, struct ext2_node *dir, uint64_t *pos, ext2_dir_fn fn, void *ctx);
/* -ENOENT, or the entry's inode number and type. */
int ext2_dir_find(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len, uint32_t *ino,
                  uint8_t *type);
int ext2_dir_add(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len, uint32_t ino,
                 uint8_t type);
int ext2_dir_remove(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len);
/* Points an existing entry at another inode (rename over a target). */
int ext2_dir_retarget(struct ext2_fs *fs, struct ext2_node *dir, const char *name, size_t len, uint32_t ino,
                      uint8_t type);
/* 1 if only "." and ".." are left, 0 if not, or -errno. */
int ext2_dir_is_empty(struct ext2_fs *fs, struct ext2_node *dir);
/* Writes the first block of a new directory: "." and "..". */
int ext2_dir_init(struct ext2_fs *fs, struct ext2_node *dir, uint32_t parent_ino);
/* The inode number ".." names; and changing it (rename across directories). */
int ext2_dir_parent(struct ext2_fs *fs, struct ext2_node *dir, uint32_t *out);
int ext2_dir_set_parent(struct ext2_fs *fs, struct ext2_node *dir, uint32_t parent_ino);
uint8_t ext2_mode_to_ftype(uint16_t mode);

/* ---- namei.c ---- */
struct ext2_new {
    uint16_t mode;                      /* type and permissions */
    uint32_t uid, gid;
    unsigned rdev_major, rdev_minor;    /* device nodes */
    const char *symlink;                /* symlinks: the target */
};
/* Creates name in dir (any type, directories included). */
int ext2_create(struct ext2_fs *fs, struct ext2_node *dir, const char *name, const struct ext2_new *what,
                struct ext2_node *out);
int ext2_link(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *target);
/* Removes the entry; victim loses a link (it is freed by the caller's
 * release once unused, see ext2_node_delete). */
int ext2_unlink(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *victim);
int ext2_rmdir(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *victim);
/* The VFS has checked types and loops; `replaced` is the inode new_name
 * names now, or NULL. */
int ext2_rename(struct ext2_fs *fs, struct ext2_node *old_dir, const char *old_name, struct ext2_node *node,
                struct ext2_node *new_dir, const char *new_name, struct ext2_node *replaced);
/* Looks up name in dir and loads the inode; a directory found under any
 * name but "." and ".." must name dir as its parent, which refuses loops. */
int ext2_lookup(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *out);
#endif
