/* The block cache: a fixed set of buffers of one block size in front of a
 * block device, with write-back. Dirty buffers reach the disk when they are
 * evicted (least recently used first) or at bcache_sync, which also flushes
 * the drive's own cache.
 *
 * Locking: the cache's mutex protects its index and each buffer's
 * bookkeeping. The bytes in a buffer belong to its users: a file system
 * serialises access to them itself, and calls bcache_sync under that same
 * serialisation so that no half-written block goes to the disk. */
#ifndef FS_BCACHE_H
#define FS_BCACHE_H
#include <stdbool.h>
#include <stdint.h>
#include "kernel/list.h"
#include "kernel/mutex.h"

struct block_device;
struct bcache;

struct bcache_buf {
    uint64_t block;
    uint8_t *data;                  /* block_size bytes */
    struct bcache *cache;
    /* The rest is under cache->lock. */
    uint32_t refs;                  /* users holding it; never evicted while > 0 */
    bool valid;                     /* data holds the block's contents */
    bool dirty;                     /* data differs from the disk */
    struct bcache_buf *hash_next;
    struct list_node lru_node;      /* cache->lru: least recently used first */
};

struct bcache_stats {
    uint64_t hits, misses, reads, writes, evictions, syncs;
    unsigned buffers, dirty, in_use;
};

struct bcache {
    struct block_device *bd;
    uint32_t block_size;
    uint32_t sectors_per_block;
    uint64_t block_count;
    unsigned nbufs;
    struct bcache_buf *bufs;
    /* Protects the hash chains, the LRU list, every buffer's refs, valid,
     * dirty, hash_next and lru_node, the statistics and write_error. */
    struct mutex lock;
    struct bcache_buf **hash;
    unsigned hash_mask;
    struct list_node lru;
    struct bcache_stats stats;
    int write_error;                /* first failed write-back since the last sync */
};

/* A cache of nbufs buffers of block_size bytes (a power of two, a multiple
 * of the sector size, at most 64 KiB) over bd. 0, -EINVAL or -ENOMEM. */
int bcache_create(struct block_device *bd, uint32_t block_size, unsigned nbufs, struct bcache **out);
/* Frees the cache. Every buffer must be released (asserted); call
 * bcache_sync first, or dirty blocks are lost (with a message). */
void bcache_destroy(struct bcache *c);

/* The buffer of `block` with its contents, with a reference. -EIO for a
 * block past the end of the device or a failed read; -ENOMEM (with a
 * message) if every buffer is in use. */
int bcache_read(struct bcache *c, uint64_t block, struct bcache_buf **out);
/* The buffer of `block` filled with zeros and marked dirty, without
 * reading the disk: for blocks just allocated. */
int bcache_get_zeroed(struct bcache *c, uint64_t block, struct bcache_buf **out);
void bcache_mark_dirty(struct bcache_buf *b);
/* Writes a dirty buffer to the disk now (it stays cached, clean): for the
 * few blocks whose order relative to the rest matters. */
int bcache_write_now(struct bcache_buf *b);
void bcache_release(struct bcache_buf *b);
/* A block that was freed: its buffer, if unused, is dropped without being
 * written. */
void bcache_forget(struct bcache *c, uint64_t block);

/* Writes every dirty buffer, then flushes the device. Returns the first
 * error, including any write-back failure since the previous sync. */
int bcache_sync(struct bcache *c);
void bcache_get_stats(struct bcache *c, struct bcache_stats *out);
#endif
