/* The block cache over a slice of hda's scratch space: write-back reaches
 * the disk on eviction and on sync, LRU order decides what is evicted,
 * exhaustion and out-of-range blocks are errors, forgotten blocks are never
 * written. */
#include "fs/bcache.h"
#include "kernel/errno.h"
#include "mm/heap.h"
#include "tests/kernel/disk_test.h"
#include <string.h>

#define BC_SLICE_OFFSET 1024u       /* sectors into the scratch space */
#define BC_SLICE_BLOCKS 256u        /* of 1 KiB */

static struct block_device *bc_slice(struct ktest_ctx *t, const char *name)
{
    struct block_device *hda, *s;
    uint64_t scratch = disk_test_scratch_start(t, &hda);
    if (!scratch)
        return NULL;
    if (block_create_slice(hda, name, scratch + BC_SLICE_OFFSET, BC_SLICE_BLOCKS * 2, 210, &s) < 0)
        return NULL;
    return s;
}

static bool bc_block_is(struct bcache_buf *b, uint32_t seed, size_t len)
{
    uint8_t *want = kmalloc(len);
    if (!want)
        return false;
    disk_test_fill(want, len, seed);
    bool same = memcmp(want, b->data, len) == 0;
    kfree(want);
    return same;
}

KTEST(bcache, write_back_and_reread)
{
    struct block_device *s = bc_slice(t, "ktbc1");
    KT_ASSERT(t, s != NULL);
    struct bcache *c;
    KT_ASSERT(t, bcache_create(s, 1024, 8, &c) == 0);
    /* 40 dirty blocks through 8 buffers: most leave by eviction. */
    for (unsigned i = 0; i < 40; i++) {
        struct bcache_buf *b;
        KT_ASSERT(t, bcache_get_zeroed(c, i * 3, &b) == 0);
        disk_test_fill(b->data, 1024, 1000 + i);
        bcache_release(b);
    }
    struct bcache_stats st;
    bcache_get_stats(c, &st);
    KT_CHECK(t, st.writes >= 32);
    KT_CHECK(t, st.evictions >= 32);
    KT_CHECK(t, st.dirty > 0 && st.dirty <= 8);
    KT_CHECK_EQ(t, st.in_use, 0);
    KT_CHECK_EQ(t, bcache_sync(c), 0);
    bcache_get_stats(c, &st);
    KT_CHECK_EQ(t, st.dirty, 0);
    KT_CHECK_EQ(t, st.writes, 40);
    bcache_destroy(c);

    /* A cold cache reads what was written. */
    KT_ASSERT(t, bcache_create(s, 1024, 16, &c) == 0);
    for (unsigned i = 0; i < 40; i++) {
        struct bcache_buf *b;
        KT_ASSERT(t, bcache_read(c, i * 3, &b) == 0);
        KT_CHECK(t, bc_block_is(b, 1000 + i, 1024));
        bcache_release(b);
    }
    bcache_get_stats(c, &st);
    KT_CHECK_EQ(t, st.misses, 40);
    KT_CHECK_EQ(t, st.writes, 0);
    bcache_destroy(c);
    KT_CHECK_EQ(t, block_destroy_slice(s), 0);
}

KTEST(bcache, lru_order_and_hits)
{
    struct block_device *s = bc_slice(t, "ktbc2");
    KT_ASSERT(t, s != NULL);
    struct bcache *c;
    KT_ASSERT(t, bcache_create(s, 1024, 4, &c) == 0);
    struct bcache_buf *b;
    for (unsigned i = 0; i < 4; i++) {
        KT_ASSERT(t, bcache_read(c, i, &b) == 0);
        bcache_release(b);
    }
    KT_ASSERT(t, bcache_read(c, 0, &b) == 0);      /* 0 is now the most recent */
    bcache_release(b);
    KT_ASSERT(t, bcache_read(c, 10, &b) == 0);     /* evicts 1, the least recent */
    bcache_release(b);
    struct bcache_stats before, after;
    bcache_get_stats(c, &before);
    KT_ASSERT(t, bcache_read(c, 0, &b) == 0);
    bcache_release(b);
    bcache_get_stats(c, &after);
    KT_CHECK_EQ(t, after.hits - before.hits, 1);
    KT_ASSERT(t, bcache_read(c, 1, &b) == 0);
    bcache_release(b);
    bcache_get_stats(c, &before);
    KT_CHECK_EQ(t, before.misses - after.misses, 1);
    KT_CHECK_EQ(t, bcache_sync(c), 0);
    bcache_destroy(c);
    KT_CHECK_EQ(t, block_destroy_slice(s), 0);
}

KTEST(bcache, exhaustion_range_and_forget)
{
    struct block_device *s = bc_slice(t, "ktbc3");
    KT_ASSERT(t, s != NULL);
    struct bcache *c;
    KT_ASSERT(t, bcache_create(s, 4096, 4, &c) == 0);
    KT_CHECK_EQ(t, c->block_count, BC_SLICE_BLOCKS / 4);
    struct bcache_buf *held[4], *b;
    for (unsigned i = 0; i < 4; i++)
        KT_ASSERT(t, bcache_read(c, i, &held[i]) == 0);
    KT_CHECK_EQ(t, bcache_read(c, 9, &b), -ENOMEM);         /* all in use: an error, not a hang */
    KT_CHECK_EQ(t, bcache_read(c, 2, &b), 0);               /* a held block is still found */
    KT_CHECK(t, b == held[2]);
    bcache_release(b);
    for (unsigned i = 0; i < 4; i++)
        bcache_release(held[i]);
    KT_CHECK_EQ(t, bcache_read(c, c->block_count, &b), -EIO);
    KT_CHECK_EQ(t, bcache_read(c, ~0ull, &b), -EIO);

    /* A forgotten dirty block never reaches the disk. */
    KT_ASSERT(t, bcache_read(c, 5, &b) == 0);
    uint8_t *orig = kmalloc(4096);
    KT_ASSERT(t, orig != NULL);
    memcpy(orig, b->data, 4096);
    memset(b->data, 0x5A, 4096);
    bcache_mark_dirty(b);
    bcache_release(b);
    bcache_forget(c, 5);
    KT_CHECK_EQ(t, bcache_sync(c), 0);
    struct bcache_stats st;
    bcache_get_stats(c, &st);
    KT_CHECK_EQ(t, st.writes, 0);
    KT_ASSERT(t, bcache_read(c, 5, &b) == 0);
    KT_CHECK(t, memcmp(b->data, orig, 4096) == 0);
    bcache_release(b);
    kfree(orig);
    KT_CHECK_EQ(t, bcache_create(s, 1000, 4, &c), -EINVAL);
    KT_CHECK_EQ(t, bcache_create(s, 256, 4, &c), -EINVAL);
    bcache_destroy(c);
    KT_CHECK_EQ(t, block_destroy_slice(s), 0);
}
