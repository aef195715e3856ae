/* The block cache: a hash index over a fixed array of buffers, an LRU list
 * for eviction, write-back of dirty buffers on eviction and on sync. */
#include "fs/bcache.h"
#include "drivers/block.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/heap.h"
#include <string.h>

#define BCACHE_MAX_BLOCK_SIZE   65536u

int bcache_create(struct block_device *bd, uint32_t block_size, unsigned nbufs, struct bcache **out)
{
    if (block_size < bd->sector_size || block_size > BCACHE_MAX_BLOCK_SIZE || block_size % bd->sector_size ||
        (block_size & (block_size - 1)) || nbufs < 4)
        return -EINVAL;
    struct bcache *c = kzalloc(sizeof(*c));
    if (!c)
        return -ENOMEM;
    c->bd = bd;
    c->block_size = block_size;
    c->sectors_per_block = block_size / bd->sector_size;
    unsigned shift = 0;
    while ((1u << shift) < c->sectors_per_block)
        shift++;
    c->block_count = bd->sector_count >> shift;
    c->nbufs = nbufs;
    mutex_init(&c->lock, "bcache");
    list_init(&c->lru);
    unsigned hash_size = 1;
    while (hash_size < 2 * nbufs)
        hash_size <<= 1;
    c->hash_mask = hash_size - 1;
    c->hash = kcalloc(hash_size, sizeof(*c->hash));
    c->bufs = kcalloc(nbufs, sizeof(*c->bufs));
    if (!c->hash || !c->bufs)
        goto fail;
    for (unsigned i = 0; i < nbufs; i++) {
        struct bcache_buf *b = &c->bufs[i];
        b->data = kmalloc_aligned(block_size, block_size < 4096 ? block_size : 4096);
        if (!b->data)
            goto fail;
        b->cache = c;
        list_init(&b->lru_node);
        list_push_back(&c->lru, &b->lru_node);
    }
    c->stats.buffers = nbufs;
    *out = c;
    return 0;
fail:
    if (c->bufs) {
        for (unsigned i = 0; i < nbufs; i++)
            kfree(c->bufs[i].data);
    }
    kfree(c->bufs);
    kfree(c->hash);
    kfree(c);
    return -ENOMEM;
}

void bcache_destroy(struct bcache *c)
{
    unsigned lost = 0;
    for (unsigned i = 0; i < c->nbufs; i++) {
        ASSERT(c->bufs[i].refs == 0);
        lost += c->bufs[i].valid && c->bufs[i].dirty;
        kfree(c->bufs[i].data);
    }
    /* Only after a sync the disk refused: the data has nowhere to go. */
    if (lost)
        printk("bcache: %s: discarding %u block(s) that could not be written\n", c->bd->name, lost);
    kfree(c->bufs);
    kfree(c->hash);
    kfree(c);
}

static unsigned bcache_slot(const struct bcache *c, uint64_t block)
{
    /* Multiplicative hashing spreads the runs of neighbouring blocks that
     * file systems use. */
    return (unsigned)((block * 0x9E3779B97F4A7C15ull) >> 32) & c->hash_mask;
}

static struct bcache_buf *bcache_lookup(struct bcache *c, uint64_t block)
{
    ASSERT_MUTEX_HELD(&c->lock);
    for (struct bcache_buf *b = c->hash[bcache_slot(c, block)]; b; b = b->hash_next) {
        if (b->block == block)
            return b;
    }
    return NULL;
}

static void bcache_unhash(struct bcache *c, struct bcache_buf *b)
{
    ASSERT_MUTEX_HELD(&c->lock);
    struct bcache_buf **pp = &c->hash[bcache_slot(c, b->block)];
    while (*pp != b) {
        ASSERT(*pp);
        pp = &(*pp)->hash_next;
    }
    *pp = b->hash_next;
    b->hash_next = NULL;
    b->valid = false;
}

static void bcache_hash_in(struct bcache *c, struct bcache_buf *b)
{
    ASSERT_MUTEX_HELD(&c->lock);
    unsigned slot = bcache_slot(c, b->block);
    b->hash_next = c->hash[slot];
    c->hash[slot] = b;
    b->valid = true;
}

static int bcache_write_back(struct bcache *c, struct bcache_buf *b)
{
    ASSERT_MUTEX_HELD(&c->lock);
    ASSERT(b->valid && b->dirty);
    int rc = block_write(c->bd, b->block * c->sectors_per_block, c->sectors_per_block, b->data);
    if (rc < 0) {
        printk("bcache: %s: writing block %llu failed: error %d\n", c->bd->name,
               (unsigned long long)b->block, rc);
        if (c->write_error == 0)
            c->write_error = rc;
        return rc;
    }
    b->dirty = false;
    c->stats.writes++;
    return 0;
}

/* A buffer nobody uses, unhashed for reuse: the least recently used clean
 * one, or else the oldest dirty one the disk accepts. NULL if none. */
static struct bcache_buf *bcache_evict(struct bcache *c)
{
    ASSERT_MUTEX_HELD(&c->lock);
    struct bcache_buf *dirty_candidate = NULL;
    list_for_each(n, &c->lru) {
        struct bcache_buf *b = list_entry(n, struct bcache_buf, lru_node);
        if (b->refs)
            continue;
        if (!b->valid)
            return b;
        if (!b->dirty) {
            bcache_unhash(c, b);
            c->stats.evictions++;
            return b;
        }
        if (!dirty_candidate)
            dirty_candidate = b;
    }
    if (!dirty_candidate)
        return NULL;
    for (struct list_node *n = &dirty_candidate->lru_node; n != &c->lru; n = n->next) {
        struct bcache_buf *b = list_entry(n, struct bcache_buf, lru_node);
        if (b->refs || !b->valid || !b->dirty)
            continue;
        if (bcache_write_back(c, b) < 0)
            continue;
        bcache_unhash(c, b);
        c->stats.evictions++;
        return b;
    }
    return NULL;
}

/* Cache lock held. The buffer of `block` with a new reference: the cached
 * one (*found), or a free one not yet in the index. */
static int bcache_acquire(struct bcache *c, uint64_t block, struct bcache_buf **out, bool *found)
{
    ASSERT_MUTEX_HELD(&c->lock);
    if (block >= c->block_count) {
        printk("bcache: %s: block %llu is past the end (%llu blocks)\n", c->bd->name,
               (unsigned long long)block, (unsigned long long)c->block_count);
        return -EIO;
    }
    struct bcache_buf *b = bcache_lookup(c, block);
    *found = b != NULL;
    if (!b) {
        b = bcache_evict(c);
        if (!b) {
            printk("bcache: %s: no buffer can be freed (%u buffers)\n", c->bd->name, c->nbufs);
            return c->write_error ? c->write_error : -ENOMEM;
        }
        b->block = block;
        b->dirty = false;
    }
    b->refs++;
    /* Most recently used at the back. */
    list_remove(&b->lru_node);
    list_push_back(&c->lru, &b->lru_node);
    *out = b;
    return 0;
}

int bcache_read(struct bcache *c, uint64_t block, struct bcache_buf **out)
{
    mutex_lock(&c->lock);
    struct bcache_buf *b;
    bool found;
    int rc = bcache_acquire(c, block, &b, &found);
    if (rc < 0)
        goto out;
    if (found) {
        c->stats.hits++;
    } else {
        c->stats.misses++;
        c->stats.reads++;
        rc = block_read(c->bd, block * c->sectors_per_block, c->sectors_per_block, b->data);
        if (rc < 0) {
            printk("bcache: %s: reading block %llu failed: error %d\n", c->bd->name,
                   (unsigned long long)block, rc);
            b->refs--;
            goto out;
        }
        bcache_hash_in(c, b);
    }
    *out = b;
out:
    mutex_unlock(&c->lock);
    return rc;
}

int bcache_get_zeroed(struct bcache *c, uint64_t block, struct bcache_buf **out)
{
    mutex_lock(&c->lock);
    struct bcache_buf *b;
    bool found;
    int rc = bcache_acquire(c, block, &b, &found);
    if (rc == 0) {
        memset(b->data, 0, c->block_size);
        if (!found)
            bcache_hash_in(c, b);
        b->dirty = true;
        *out = b;
    }
    mutex_unlock(&c->lock);
    return rc;
}

void bcache_mark_dirty(struct bcache_buf *b)
{
    struct bcache *c = b->cache;
    mutex_lock(&c->lock);
    ASSERT(b->refs > 0 && b->valid);
    b->dirty = true;
    mutex_unlock(&c->lock);
}

int bcache_write_now(struct bcache_buf *b)
{
    struct bcache *c = b->cache;
    mutex_lock(&c->lock);
    ASSERT(b->refs > 0 && b->valid);
    int rc = b->dirty ? bcache_write_back(c, b) : 0;
    mutex_unlock(&c->lock);
    return rc;
}

void bcache_release(struct bcache_buf *b)
{
    struct bcache *c = b->cache;
    mutex_lock(&c->lock);
    ASSERT(b->refs > 0);
    b->refs--;
    mutex_unlock(&c->lock);
}

void bcache_forget(struct bcache *c, uint64_t block)
{
    mutex_lock(&c->lock);
    struct bcache_buf *b = bcache_lookup(c, block);
    if (b && b->refs == 0) {
        b->dirty = false;
        bcache_unhash(c, b);
        /* Reused first. */
        list_remove(&b->lru_node);
        list_push_front(&c->lru, &b->lru_node);
    }
    mutex_unlock(&c->lock);
}

int bcache_sync(struct bcache *c)
{
    mutex_lock(&c->lock);
    int rc = c->write_error;
    for (unsigned i = 0; i < c->nbufs; i++) {
        struct bcache_buf *b = &c->bufs[i];
        if (b->valid && b->dirty) {
            int err = bcache_write_back(c, b);
            if (err < 0 && rc == 0)
                rc = err;
        }
    }
    c->write_error = 0;
    c->stats.syncs++;
    int err = block_flush(c->bd);
    if (err < 0 && rc == 0)
        rc = err;
    mutex_unlock(&c->lock);
    return rc;
}

void bcache_get_stats(struct bcache *c, struct bcache_stats *out)
{
    mutex_lock(&c->lock);
    *out = c->stats;
    out->dirty = out->in_use = 0;
    for (unsigned i = 0; i < c->nbufs; i++) {
        out->dirty += c->bufs[i].valid && c->bufs[i].dirty;
        out->in_use += c->bufs[i].refs > 0;
    }
    mutex_unlock(&c->lock);
}
