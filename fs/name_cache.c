/* The name cache: a fixed bucket array of chains plus an LRU list. */
#include "fs/name_cache.h"
#include "fs/inode.h"
#include "kernel/errno.h"
#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/heap.h"
#include <string.h>

#define NAME_CACHE_BUCKETS 512      /* a power of two */

struct name_cache_entry {
    struct list_node bucket_node;
    struct list_node lru_node;      /* most recently used at the front */
    struct inode *dir, *child;      /* one reference each */
    uint32_t hash;
    size_t name_len;
    char name[];
};

/* Protects buckets, lru, count and stats. Inode references are never
 * dropped under it: doomed entries are unlinked first and freed after. */
static struct spinlock name_cache_lock = SPINLOCK_INIT("name_cache");
static struct list_node buckets[NAME_CACHE_BUCKETS];
static bool buckets_ready;
static struct list_node lru = LIST_INIT(lru);
static uint32_t entry_count;
static struct name_cache_stats stats;

/* name_cache_lock held. */
static void name_cache_setup(void)
{
    if (buckets_ready)
        return;
    for (unsigned i = 0; i < NAME_CACHE_BUCKETS; i++)
        list_init(&buckets[i]);
    buckets_ready = true;
}

static uint32_t name_cache_hash(const struct inode *dir, const char *name, size_t len)
{
    uint32_t h = 2166136261u ^ (uint32_t)(uintptr_t)dir;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)name[i];
        h *= 16777619u;
    }
    return h ^ (h >> 15);
}

/* name_cache_lock held. */
static struct name_cache_entry *name_cache_find(const struct inode *dir, const char *name, size_t len,
                                                uint32_t hash)
{
    name_cache_setup();
    list_for_each(n, &buckets[hash & (NAME_CACHE_BUCKETS - 1)]) {
        struct name_cache_entry *e = list_entry(n, struct name_cache_entry, bucket_node);
        if (e->hash == hash && e->dir == dir && e->name_len == len && memcmp(e->name, name, len) == 0)
            return e;
    }
    return NULL;
}

/* name_cache_lock held. Takes e off both lists. */
static void name_cache_unlink(struct name_cache_entry *e)
{
    ASSERT_HELD(&name_cache_lock);
    list_remove(&e->bucket_node);
    list_remove(&e->lru_node);
    entry_count--;
}

static void name_cache_free(struct name_cache_entry *e)
{
    inode_put(e->child);
    inode_put(e->dir);
    kfree(e);
}

int name_cache_lookup(struct inode *dir, const char *name, struct inode **out)
{
    size_t len = strlen(name);
    uint32_t hash = name_cache_hash(dir, name, len);
    irqflags_t fl = spin_lock_irqsave(&name_cache_lock);
    struct name_cache_entry *e = name_cache_find(dir, name, len, hash);
    if (e) {
        list_remove(&e->lru_node);
        list_push_front(&lru, &e->lru_node);
        *out = inode_get(e->child);
        stats.hits++;
    } else {
        stats.misses++;
    }
    spin_unlock_irqrestore(&name_cache_lock, fl);
    return e ? 0 : -ENOENT;
}

void name_cache_insert(struct inode *dir, const char *name, struct inode *child)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    size_t len = strlen(name);
    struct name_cache_entry *e = kmalloc(sizeof(*e) + len);
    if (!e)
        return;     /* a cache may forget */
    e->dir = inode_get(dir);
    e->child = inode_get(child);
    e->hash = name_cache_hash(dir, name, len);
    e->name_len = len;
    memcpy(e->name, name, len);

    struct name_cache_entry *evicted = NULL;
    irqflags_t fl = spin_lock_irqsave(&name_cache_lock);
    if (name_cache_find(dir, name, len, e->hash)) {
        evicted = e;    /* someone was faster; keep theirs */
    } else {
        list_push_back(&buckets[e->hash & (NAME_CACHE_BUCKETS - 1)], &e->bucket_node);
        list_push_front(&lru, &e->lru_node);
        entry_count++;
        if (entry_count > NAME_CACHE_MAX_ENTRIES) {
            evicted = list_entry(lru.prev, struct name_cache_entry, lru_node);
            name_cache_unlink(evicted);
        }
    }
    spin_unlock_irqrestore(&name_cache_lock, fl);
    if (evicted)
        name_cache_free(evicted);
}

void name_cache_invalidate(struct inode *dir, const char *name)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    size_t len = strlen(name);
    uint32_t hash = name_cache_hash(dir, name, len);
    irqflags_t fl = spin_lock_irqsave(&name_cache_lock);
    struct name_cache_entry *e = name_cache_find(dir, name, len, hash);
    if (e)
        name_cache_unlink(e);
    spin_unlock_irqrestore(&name_cache_lock, fl);
    if (e)
        name_cache_free(e);
}

/* Removes every entry matching fs (or all, for NULL), in batches so that no
 * reference is dropped under the lock. */
static void name_cache_purge(struct vfs_fs *fs)
{
    for (;;) {
        struct list_node doomed = LIST_INIT(doomed);
        irqflags_t fl = spin_lock_irqsave(&name_cache_lock);
        list_for_each_safe(n, tmp, &lru) {
            struct name_cache_entry *e = list_entry(n, struct name_cache_entry, lru_node);
            if (!fs || e->dir->fs == fs) {
                name_cache_unlink(e);
                list_push_back(&doomed, &e->lru_node);
            }
        }
        spin_unlock_irqrestore(&name_cache_lock, fl);
        if (list_empty(&doomed))
            return;
        struct list_node *n;
        while ((n = list_pop_front(&doomed)))
            name_cache_free(list_entry(n, struct name_cache_entry, lru_node));
    }
}

void name_cache_purge_fs(struct vfs_fs *fs) { name_cache_purge(fs); }
void name_cache_flush(void) { name_cache_purge(NULL); }

void name_cache_get_stats(struct name_cache_stats *out)
{
    irqflags_t fl = spin_lock_irqsave(&name_cache_lock);
    *out = stats;
    out->entries = entry_count;
    spin_unlock_irqrestore(&name_cache_lock, fl);
}
