/* ramfs internals shared by its files. */
#ifndef FS_RAMFS_INTERNAL_H
#define FS_RAMFS_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "fs/inode.h"
#include "kernel/list.h"
#include "kernel/spinlock.h"

struct ramfs {
    struct vfs_fs fs;
    /* Protects pages_used and inode_count. */
    struct spinlock space_lock;
    size_t max_pages;           /* 0: unlimited */
    size_t pages_used;
    size_t inode_count;
    uint32_t next_ino;          /* atomic */
};

struct ramfs_dirent {
    struct list_node order;         /* in the directory's entries, by cookie */
    struct ramfs_dirent *hash_next;
    struct inode *inode;            /* an internal reference */
    off_t cookie;                   /* getdents position of this entry */
    uint32_t hash;
    uint16_t name_len;
    char name[];                    /* NUL-terminated */
};

/* File data: a radix tree of page pointers, RAMFS_FANOUT per node. */
#define RAMFS_FANOUT_SHIFT 10
#define RAMFS_FANOUT       (1u << RAMFS_FANOUT_SHIFT)

struct ramfs_inode {
    struct inode vfs;
    union {
        struct {
            void **root;            /* NULL, or a node of `depth` levels */
            unsigned depth;
        } file;
        struct {
            struct list_node entries;
            struct ramfs_dirent **buckets;
            uint32_t nbuckets, count;
            off_t next_cookie;
            /* An internal reference on the parent while linked; NULL for
             * the root and once removed. Changes under fs->ns_lock only. */
            struct inode *parent;
        } dir;
        struct {
            char *target;
        } link;
    };
};

static inline struct ramfs *ramfs_of(struct vfs_fs *fs) { return container_of(fs, struct ramfs, fs); }
static inline struct ramfs_inode *ramfs_inode(struct inode *i) { return container_of(i, struct ramfs_inode, vfs); }

extern const struct inode_ops ramfs_dir_ops, ramfs_file_ops, ramfs_link_ops, ramfs_special_ops;

/* A new inode (refcount 1, nlink 0) of the given type. */
int ramfs_new_inode(struct ramfs *rfs, const struct vfs_new_node *node, struct ramfs_inode **out);
/* Directory internals (ramfs_dir.c). */
void ramfs_dir_init(struct ramfs_inode *dir);
void ramfs_dir_free(struct ramfs_inode *dir);
/* Unmount teardown: unlinks everything below dir, depth first. */
void ramfs_dir_teardown(struct ramfs_inode *dir);
/* File data (ramfs.c). */
void ramfs_file_free_data(struct ramfs_inode *file);
#endif
