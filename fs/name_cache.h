/* The name cache: (directory inode, name) -> inode, so that resolving the
 * same path again does not ask the file system. Entries hold references on
 * both inodes; the least recently used ones are evicted beyond a fixed
 * count. Only positive results of a file system's lookup are cached, never
 * "." or "..", and never mount crossings (those are applied afterwards).
 *
 * Consistency rule: inserts and invalidations happen with the directory's
 * lock held, so a lookup never re-inserts a name that an unlink, rmdir or
 * rename has just removed. */
#ifndef FS_NAME_CACHE_H
#define FS_NAME_CACHE_H
#include <stddef.h>
#include <stdint.h>

struct inode;
struct vfs_fs;

#define NAME_CACHE_MAX_ENTRIES 1024

struct name_cache_stats {
    uint32_t hits, misses, entries;
};

/* 0 and a new reference in *out, or -ENOENT when the name is not cached. */
int name_cache_lookup(struct inode *dir, const char *name, struct inode **out);
/* dir->lock held. */
void name_cache_insert(struct inode *dir, const char *name, struct inode *child);
/* dir->lock held. */
void name_cache_invalidate(struct inode *dir, const char *name);
/* Drops every entry of one file system (before unmounting it). */
void name_cache_purge_fs(struct vfs_fs *fs);
void name_cache_flush(void);
void name_cache_get_stats(struct name_cache_stats *out);
#endif
