/* Damaged file systems: every image on hdb (tools/mkcorrupt.sh) is mounted
 * and, if that works, walked completely through the VFS: directories
 * listed, every name looked up, files read, links read. Each must give the
 * answer the table on the disk expects (a refused mount, a read-only one,
 * -EUCLEAN somewhere in the walk, or nothing wrong) and never a panic or a
 * hang. */
#include "tests/kernel/ext2_test.h"

#define CORRUPT_TABLE_BYTES 4096

struct corrupt_walk {
    struct vfs_dirent_sink sink;
    const struct vfs_context *ctx;
    char names[32][64];
    unsigned count;
    unsigned budget;        /* lookups left: the walk always ends */
    int first_error;
};

static bool corrupt_collect(struct vfs_dirent_sink *s, const char *name, size_t len, ino_t ino,
                            unsigned char type, off_t next)
{
    (void)ino, (void)type, (void)next;
    struct corrupt_walk *w = (struct corrupt_walk *)s;
    if (w->count == 32 || len >= 64)
        return w->count < 32;   /* skip over-long names; stop when full */
    memcpy(w->names[w->count], name, len);
    w->names[w->count][len] = 0;
    w->count++;
    return true;
}

static void corrupt_note(struct corrupt_walk *w, int rc)
{
    if (rc < 0 && w->first_error == 0)
        w->first_error = rc;
}

static void corrupt_walk_dir(struct corrupt_walk *w, const char *path, unsigned depth)
{
    struct inode *dir;
    int rc = vfs_resolve(w->ctx, path, VFS_LOOKUP_DIRECTORY, &dir);
    corrupt_note(w, rc);
    if (rc < 0)
        return;
    off_t pos = 0;
    for (unsigned round = 0; round < 16 && w->budget; round++) {
        struct corrupt_walk batch = *w;
        batch.count = 0;
        off_t before = pos;
        mutex_lock(&dir->lock);
        rc = dir->ops->getdents(dir, &batch.sink, &pos);
        mutex_unlock(&dir->lock);
        corrupt_note(w, rc);
        if (rc < 0 || batch.count == 0 || pos == before)
            break;
        for (unsigned i = 0; i < batch.count && w->budget; i++) {
            const char *name = batch.names[i];
            if (!strcmp(name, ".") || !strcmp(name, ".."))
                continue;
            w->budget--;
            char child[256];
            snprintf(child, sizeof(child), "%s/%s", strcmp(path, "/") ? path : "", name);
            struct stat st;
            rc = vfs_stat(w->ctx, child, AT_SYMLINK_NOFOLLOW, &st);
            corrupt_note(w, rc);
            if (rc < 0)
                continue;
            if (S_ISDIR(st.st_mode) && depth < 8) {
                corrupt_walk_dir(w, child, depth + 1);
            } else if (S_ISREG(st.st_mode)) {
                uint32_t crc;
                uint64_t size;
                corrupt_note(w, ext2_test_cksum_range(w->ctx, child, 0, 1u << 20, &crc, &size));
            } else if (S_ISLNK(st.st_mode)) {
                char target[256];
                ssize_t n = vfs_readlink(w->ctx, child, target, sizeof(target));
                corrupt_note(w, n < 0 ? (int)n : 0);
            }
        }
    }
    inode_put(dir);
}

static void corrupt_check(struct ktest_ctx *t, struct block_device *hdb, unsigned index, char *line)
{
    char *f[4];
    if (ext2_split(line, f, 4) != 4) {
        ktest_fail(t, __FILE__, __LINE__, "bad table line %u", index);
        return;
    }
    const char *name = f[0], *expect = f[3];
    char dev[16];
    snprintf(dev, sizeof(dev), "ktbad%u", index);
    struct block_device *slice;
    if (block_create_slice(hdb, dev, ext2_parse_u64(f[1]), ext2_parse_u64(f[2]), 100 + index, &slice) < 0) {
        ktest_fail(t, __FILE__, __LINE__, "%s: cannot make the slice", name);
        return;
    }
    struct ext2_test et;
    int rc = ext2_test_mount(&et, dev, false);
    int walk_error = 0;
    bool readonly = false;
    if (rc == 0) {
        struct statvfs sv;
        if (vfs_statvfs(&et.ctx, "/", &sv) == 0)
            readonly = sv.f_flag & ST_RDONLY;
        if (readonly && vfs_mkdir(&et.ctx, "/new", 0755) != -EROFS)
            ktest_fail(t, __FILE__, __LINE__, "%s: read-only mount accepted a change", name);
        struct corrupt_walk w = { { corrupt_collect }, &et.ctx, { { 0 } }, 0, 200, 0 };
        corrupt_walk_dir(&w, "/", 0);
        walk_error = w.first_error;
        ext2_test_unmount(t, &et);
    }
    bool ok;
    if (!strcmp(expect, "mount:EINVAL"))
        ok = rc == -EINVAL;
    else if (!strcmp(expect, "mount:EUCLEAN"))
        ok = rc == -EUCLEAN;
    else if (!strcmp(expect, "ro"))
        ok = rc == 0 && readonly && walk_error == 0;
    else if (!strcmp(expect, "walk:EUCLEAN"))
        ok = rc == 0 && walk_error == -EUCLEAN;
    else
        ok = rc == 0 && !readonly && walk_error == 0;
    if (!ok)
        ktest_fail(t, __FILE__, __LINE__, "%s: expected %s, got mount %d, walk %d%s", name, expect, rc,
                   walk_error, readonly ? ", read-only" : "");
    if (block_destroy_slice(slice) < 0)
        ktest_fail(t, __FILE__, __LINE__, "%s: slice still in use after unmount", name);
}

KTEST(ext2_corrupt, damaged_images_are_errors_not_crashes)
{
    struct block_device *hdb = block_find("hdb");
    KT_ASSERT(t, hdb != NULL);
    char *table = kzalloc(CORRUPT_TABLE_BYTES + 1);
    KT_ASSERT(t, table != NULL);
    KT_ASSERT(t, block_read(hdb, 0, CORRUPT_TABLE_BYTES / 512, table) == 0);
    unsigned n = 0;
    char *line = table;
    while (*line) {
        char *end = strchr(line, '\n');
        if (!end)
            break;
        *end = 0;
        corrupt_check(t, hdb, n++, line);
        line = end + 1;
    }
    KT_CHECK(t, n >= 25);
    kfree(table);
}
