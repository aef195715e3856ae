/* File contents: reading (holes read as zeros), writing (allocating as it
 * goes), truncation in both directions, and symlink targets. */
#include "fs/ext2/ext2_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include <string.h>

int64_t ext2_file_read(struct ext2_fs *fs, struct ext2_node *node, uint64_t off, size_t len,
                       const struct ext2_io *io)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    uint64_t size = ext2_node_size(node);
    if (off >= size)
        return 0;
    if (len > size - off)
        len = (size_t)(size - off);
    size_t done = 0;
    int rc = 0;
    while (done < len) {
        uint64_t pos = off + done;
        uint32_t in_block = (uint32_t)(pos & (fs->block_size - 1));
        size_t chunk = fs->block_size - in_block;
        if (chunk > len - done)
            chunk = len - done;
        uint32_t blk;
        rc = ext2_bmap(fs, node, pos >> fs->block_log, false, &blk, NULL);
        if (rc < 0)
            break;
        if (!blk) {
            rc = io->put(io->ctx, done, NULL, chunk);
        } else {
            struct bcache_buf *b;
            rc = bcache_read(fs->cache, blk, &b);
            if (rc < 0)
                break;
            rc = io->put(io->ctx, done, b->data + in_block, chunk);
            bcache_release(b);
        }
        if (rc < 0)
            break;
        done += chunk;
    }
    return done ? (int64_t)done : rc;
}

int64_t ext2_file_write(struct ext2_fs *fs, struct ext2_node *node, uint64_t off, size_t len,
                        const struct ext2_io *io)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    if (off >= fs->max_file_size)
        return -EFBIG;
    if (len > fs->max_file_size - off)
        len = (size_t)(fs->max_file_size - off);
    size_t done = 0;
    while (done < len) {
        uint64_t pos = off + done;
        uint32_t in_block = (uint32_t)(pos & (fs->block_size - 1));
        size_t chunk = fs->block_size - in_block;
        if (chunk > len - done)
            chunk = len - done;
        uint32_t blk;
        bool fresh;
        rc = ext2_bmap(fs, node, pos >> fs->block_log, true, &blk, &fresh);
        if (rc < 0)
            break;
        struct bcache_buf *b;
        /* A new block, or one overwritten whole, need not be read first. */
        if (fresh || chunk == fs->block_size)
            rc = bcache_get_zeroed(fs->cache, blk, &b);
        else
            rc = bcache_read(fs->cache, blk, &b);
        if (rc < 0)
            break;
        rc = io->get(io->ctx, done, b->data + in_block, chunk);
        bcache_mark_dirty(b);
        bcache_release(b);
        if (rc < 0)
            break;
        done += chunk;
    }
    if (done) {
        if (off + done > ext2_node_size(node))
            ext2_node_set_size(node, off + done);
        node->raw.i_mtime = node->raw.i_ctime = ext2_now();
    }
    int err = ext2_node_store(fs, node);
    if (done)
        return (int64_t)done;
    return rc ? rc : err;
}

int ext2_truncate(struct ext2_fs *fs, struct ext2_node *node, uint64_t size)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_begin_change(fs);
    if (rc < 0)
        return rc;
    if (size > fs->max_file_size)
        return -EFBIG;
    uint64_t old = ext2_node_size(node);
    if (size < old) {
        uint64_t keep = (size + fs->block_size - 1) >> fs->block_log;
        rc = ext2_free_blocks_from(fs, node, keep);
        /* Bytes past the new end in its last block must read as zeros if
         * the file grows again. */
        uint32_t tail = (uint32_t)(size & (fs->block_size - 1));
        if (tail) {
            uint32_t blk;
            int err = ext2_bmap(fs, node, size >> fs->block_log, false, &blk, NULL);
            if (err == 0 && blk) {
                struct bcache_buf *b;
                err = bcache_read(fs->cache, blk, &b);
                if (err == 0) {
                    memset(b->data + tail, 0, fs->block_size - tail);
                    bcache_mark_dirty(b);
                    bcache_release(b);
                }
            }
            if (err < 0 && rc == 0)
                rc = err;
        }
    }
    ext2_node_set_size(node, size);
    node->raw.i_mtime = node->raw.i_ctime = ext2_now();
    int err = ext2_node_store(fs, node);
    return rc ? rc : err;
}

int ext2_readlink(struct ext2_fs *fs, struct ext2_node *node, char *buf, size_t size)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    uint64_t len = ext2_node_size(node);
    if (len > size)
        len = size;
    if (ext2_node_is_fast_symlink(fs, node)) {
        /* Checked at load: at most EXT2_FAST_SYMLINK_MAX bytes. */
        memcpy(buf, node->raw.i_block, (size_t)len);
        return (int)len;
    }
    uint32_t blk;
    int rc = ext2_bmap(fs, node, 0, false, &blk, NULL);
    if (rc < 0)
        return rc;
    if (!blk)
        return ext2_error(fs, "symlink inode %u has no data block", node->ino);
    struct bcache_buf *b;
    rc = bcache_read(fs->cache, blk, &b);
    if (rc < 0)
        return rc;
    memcpy(buf, b->data, (size_t)len);
    bcache_release(b);
    return (int)len;
}

int ext2_symlink_write(struct ext2_fs *fs, struct ext2_node *node, const char *target, size_t len)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    if (len == 0)
        return -ENOENT;
    if (len >= fs->block_size)
        return -ENAMETOOLONG;
    if (len <= EXT2_FAST_SYMLINK_MAX) {
        memset(node->raw.i_block, 0, sizeof(node->raw.i_block));
        memcpy(node->raw.i_block, target, len);
        ext2_node_set_size(node, len);
        return ext2_node_store(fs, node);
    }
    uint32_t blk;
    bool fresh;
    int rc = ext2_bmap(fs, node, 0, true, &blk, &fresh);
    if (rc < 0)
        return rc;
    struct bcache_buf *b;
    rc = bcache_get_zeroed(fs->cache, blk, &b);
    if (rc < 0)
        return rc;
    memcpy(b->data, target, len);
    bcache_mark_dirty(b);
    bcache_release(b);
    ext2_node_set_size(node, len);
    return ext2_node_store(fs, node);
}
