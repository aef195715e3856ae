/* ext2 writing through the VFS on the test disk's partitions: thousands of
 * small files, files deep into the indirect blocks, truncation both ways,
 * renames of every kind, links, symlinks, device nodes, attributes, and a
 * full disk. Each test remounts to prove its results came from the disk,
 * and leaves a manifest that tools/check-disk.sh verifies again on the host
 * next to e2fsck's verdict on the whole file system. */
#include "tests/kernel/ext2_test.h"

#define KT_OK(t, expr) KT_CHECK_EQ(t, (expr), 0)

/* Writes len bytes of the seed's pattern in pieces of `piece` bytes;
 * returns the cksum of what was written. */
static int ext2_write_pattern(const struct vfs_context *ctx, const char *path, size_t len, size_t piece,
                              uint32_t seed, uint32_t *crc)
{
    struct file *f;
    int rc = vfs_open(ctx, path, O_WRONLY | O_CREAT | O_TRUNC, 0644, &f);
    if (rc < 0)
        return rc;
    uint8_t *buf = kmalloc(piece);
    if (!buf) {
        file_put(f);
        return -ENOMEM;
    }
    struct disk_cksum c = { 0, 0 };
    for (size_t done = 0; done < len && rc == 0;) {
        size_t n = len - done < piece ? len - done : piece;
        disk_test_fill(buf, n, seed + (uint32_t)done);
        disk_cksum_add(&c, buf, n);
        struct io_buffer io = io_buffer_kernel(buf);
        ssize_t w = file_write(f, &io, n);
        if (w != (ssize_t)n)
            rc = w < 0 ? (int)w : -EIO;
        done += n;
    }
    kfree(buf);
    file_put(f);
    *crc = disk_cksum_final(&c);
    return rc;
}

static uint64_t ext2_free_blocks(struct ktest_ctx *t, const struct vfs_context *ctx)
{
    struct statvfs sv;
    KT_CHECK_EQ(t, vfs_statvfs(ctx, "/", &sv), 0);
    return sv.f_bfree;
}

KTEST(ext2_write, two_thousand_small_files)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, "hda1", false) == 0);
    KT_ASSERT(t, vfs_mkdir(&et.ctx, "/kt-small", 0755) == 0);
    char path[64];
    uint8_t *buf = kmalloc(3000);
    KT_ASSERT(t, buf != NULL);
    int failures = 0;
    for (unsigned d = 0; d < 10; d++) {
        snprintf(path, sizeof(path), "/kt-small/d%u", d);
        KT_OK(t, vfs_mkdir(&et.ctx, path, 0755));
        for (unsigned i = 0; i < 200; i++) {
            unsigned n = d * 200 + i;
            size_t len = (n * 37) % 3000;
            disk_test_fill(buf, len, n + 1);
            snprintf(path, sizeof(path), "/kt-small/d%u/file-%04u", d, n);
            if (ext2_test_write_file(&et.ctx, path, buf, len) < 0)
                failures++;
        }
    }
    KT_CHECK_EQ(t, failures, 0);
    /* Every third goes, every fifth is cut in half. */
    for (unsigned n = 0; n < 2000; n++) {
        snprintf(path, sizeof(path), "/kt-small/d%u/file-%04u", n / 200, n);
        if (n % 3 == 0)
            KT_OK(t, vfs_unlink(&et.ctx, path));
        else if (n % 5 == 0)
            KT_OK(t, vfs_truncate(&et.ctx, path, (off_t)((n * 37) % 3000 / 2)));
    }
    kfree(buf);
    struct ext2_manifest m = { 0 };
    ext2_manifest_add(&m, "d /kt-small");
    for (unsigned n = 0; n < 2000; n++) {
        snprintf(path, sizeof(path), "/kt-small/d%u/file-%04u", n / 200, n);
        if (n % 3 == 0)
            ext2_manifest_add(&m, "a %s", path);
        else if (ext2_manifest_file(&m, &et.ctx, path) < 0)
            failures++;
    }
    KT_CHECK_EQ(t, failures, 0);
    KT_OK(t, ext2_manifest_publish(&et, &m, "/kt-small.manifest"));
    ext2_test_unmount(t, &et);
    KT_ASSERT(t, ext2_test_mount(&et, "hda1", false) == 0);
    KT_CHECK_EQ(t, ext2_manifest_verify(t, &et.ctx, "/kt-small.manifest"), 2001);
    ext2_test_unmount(t, &et);
}

/* The same file through the 1 KiB and the 4 KiB file system: direct,
 * single, double indirect, then truncation down and up. */
static void ext2_big_file(struct ktest_ctx *t, const char *dev, size_t size)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, dev, false) == 0);
    KT_ASSERT(t, vfs_mkdir(&et.ctx, "/kt-big", 0755) == 0);
    uint64_t free0 = ext2_free_blocks(t, &et.ctx);
    uint32_t want, crc;
    uint64_t got;
    KT_OK(t, ext2_write_pattern(&et.ctx, "/kt-big/big.bin", size, 60001, 77, &want));
    KT_OK(t, ext2_test_cksum(&et.ctx, "/kt-big/big.bin", &crc, &got));
    KT_CHECK_EQ(t, crc, want);
    KT_CHECK_EQ(t, got, size);
    uint64_t free1 = ext2_free_blocks(t, &et.ctx);
    KT_CHECK(t, free0 - free1 > size / 4096);

    /* Down to 100000 bytes frees the indirect trees; up again reads zeros. */
    KT_OK(t, vfs_truncate(&et.ctx, "/kt-big/big.bin", 100000));
    KT_CHECK(t, ext2_free_blocks(t, &et.ctx) > free1);
    KT_OK(t, vfs_truncate(&et.ctx, "/kt-big/big.bin", 500000));
    uint8_t *buf = kmalloc(100000);
    KT_ASSERT(t, buf != NULL);
    struct disk_cksum c = { 0, 0 };
    for (size_t done = 0; done < 100000;) {
        size_t n = 100000 - done < 60001 ? 100000 - done : 60001;
        disk_test_fill(buf, n, 77 + (uint32_t)done);
        disk_cksum_add(&c, buf, n);
        done += n;
    }
    memset(buf, 0, 100000);
    for (int i = 0; i < 4; i++)
        disk_cksum_add(&c, buf, 100000);
    KT_OK(t, ext2_test_cksum(&et.ctx, "/kt-big/big.bin", &crc, &got));
    KT_CHECK_EQ(t, got, 500000);
    KT_CHECK_EQ(t, crc, disk_cksum_final(&c));
    /* Cut inside a block, then write past the cut: the gap reads as zeros. */
    KT_OK(t, vfs_truncate(&et.ctx, "/kt-big/big.bin", 5000));
    struct file *f;
    KT_ASSERT(t, vfs_open(&et.ctx, "/kt-big/big.bin", O_RDWR, 0, &f) == 0);
    struct io_buffer io = io_buffer_kernel(buf);
    buf[0] = 'Z';
    KT_CHECK_EQ(t, file_pwrite(f, &io, 1, 9000), 1);
    memset(buf, 0xEE, 4001);
    KT_CHECK_EQ(t, file_pread(f, &io, 4001, 5000), 4001);
    bool zeros = true;
    for (int i = 0; i < 4000; i++)
        zeros &= buf[i] == 0;
    KT_CHECK(t, zeros);
    KT_CHECK_EQ(t, buf[4000], 'Z');
    file_put(f);
    kfree(buf);

    /* Deleting gives back every block, indirect ones included. */
    uint32_t keep;
    KT_OK(t, ext2_write_pattern(&et.ctx, "/kt-big/keep.bin", size, 32768, 99, &keep));
    uint64_t before = ext2_free_blocks(t, &et.ctx);
    KT_OK(t, ext2_write_pattern(&et.ctx, "/kt-big/gone.bin", size, 65536, 5, &want));
    KT_OK(t, vfs_unlink(&et.ctx, "/kt-big/gone.bin"));
    KT_CHECK_EQ(t, ext2_free_blocks(t, &et.ctx), before);

    struct ext2_manifest m = { 0 };
    ext2_manifest_add(&m, "d /kt-big");
    ext2_manifest_add(&m, "f %u %zu /kt-big/keep.bin", keep, size);
    ext2_manifest_file(&m, &et.ctx, "/kt-big/big.bin");
    ext2_manifest_add(&m, "a /kt-big/gone.bin");
    KT_OK(t, ext2_manifest_publish(&et, &m, "/kt-big.manifest"));
    ext2_test_unmount(t, &et);
    KT_ASSERT(t, ext2_test_mount(&et, dev, true) == 0);
    KT_CHECK_EQ(t, ext2_manifest_verify(t, &et.ctx, "/kt-big.manifest"), 4);
    ext2_test_unmount(t, &et);
}

/* 1 KiB blocks: double indirect from 268 KiB on. */
KTEST(ext2_write, big_file_1k_blocks) { ext2_big_file(t, "hda1", 3u << 20); }
/* 4 KiB blocks: double indirect from 4 MiB + 48 KiB on. */
KTEST(ext2_write, big_file_4k_blocks) { ext2_big_file(t, "hda2", 5u << 20); }

KTEST(ext2_write, sparse_triple_indirect)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, "hda1", false) == 0);
    uint64_t free0 = ext2_free_blocks(t, &et.ctx);
    struct file *f;
    KT_ASSERT(t, vfs_open(&et.ctx, "/kt-sparse.bin", O_RDWR | O_CREAT | O_EXCL, 0600, &f) == 0);
    uint8_t *buf = kmalloc(8192);
    KT_ASSERT(t, buf != NULL);
    disk_test_fill(buf, 4096, 31);
    struct io_buffer io = io_buffer_kernel(buf);
    const off_t at = 67ll << 20;                 /* past 64 MiB + 268 KiB: triple indirect */
    KT_CHECK_EQ(t, file_pwrite(f, &io, 4096, at), 4096);
    KT_CHECK_EQ(t, file_pwrite(f, &io, 10, 1 << 20), 10);     /* double indirect */
    KT_CHECK_EQ(t, f->inode->size, at + 4096);
    /* Data blocks plus one triple, two double and two single indirect blocks. */
    KT_CHECK(t, free0 - ext2_free_blocks(t, &et.ctx) <= 4 + 1 + 5 + 2);
    memset(buf, 0xAB, 8192);
    KT_CHECK_EQ(t, file_pread(f, &io, 8192, 40ll << 20), 8192);
    bool zeros = true;
    for (int i = 0; i < 8192; i++)
        zeros &= buf[i] == 0;
    KT_CHECK(t, zeros);
    file_put(f);
    kfree(buf);
    uint32_t crc;
    uint64_t len;
    KT_OK(t, ext2_test_cksum_range(&et.ctx, "/kt-sparse.bin", (uint64_t)at, 4096, &crc, &len));
    struct ext2_manifest m = { 0 };
    ext2_manifest_add(&m, "p %u 4096 %lld %lld /kt-sparse.bin", crc, (long long)at, (long long)at + 4096);
    KT_OK(t, ext2_manifest_publish(&et, &m, "/kt-sparse.manifest"));
    ext2_test_unmount(t, &et);
    KT_ASSERT(t, ext2_test_mount(&et, "hda1", true) == 0);
    KT_CHECK_EQ(t, ext2_manifest_verify(t, &et.ctx, "/kt-sparse.manifest"), 1);
    ext2_test_unmount(t, &et);
}

static ino_t ext2_ino(const struct vfs_context *ctx, const char *path)
{
    struct stat st;
    return vfs_stat(ctx, path, AT_SYMLINK_NOFOLLOW, &st) == 0 ? st.st_ino : 0;
}

static nlink_t ext2_nlink(const struct vfs_context *ctx, const char *path)
{
    struct stat st;
    return vfs_stat(ctx, path, AT_SYMLINK_NOFOLLOW, &st) == 0 ? st.st_nlink : 0;
}

KTEST(ext2_write, renames_links_and_nodes)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, "hda1", false) == 0);
    const struct vfs_context *c = &et.ctx;
    KT_ASSERT(t, vfs_mkdir(c, "/kt-tree", 0755) == 0);
    /* A deep chain of directories. */
    char path[400] = "/kt-tree/deep";
    KT_OK(t, vfs_mkdir(c, path, 0755));
    for (int i = 0; i < 30; i++) {
        strlcat(path, "/x", sizeof(path));
        KT_OK(t, vfs_mkdir(c, path, 0700));
    }
    strlcat(path, "/leaf", sizeof(path));
    KT_OK(t, ext2_test_write_file(c, path, "leaf\n", 5));

    KT_OK(t, vfs_mkdir(c, "/kt-tree/a", 0755));
    KT_OK(t, vfs_mkdir(c, "/kt-tree/b", 0755));
    KT_OK(t, ext2_test_write_file(c, "/kt-tree/a/one", "one\n", 4));
    KT_OK(t, ext2_test_write_file(c, "/kt-tree/a/two", "two\n", 4));
    KT_OK(t, ext2_test_write_file(c, "/kt-tree/b/target", "target\n", 7));
    /* Within a directory, across directories, and over an existing file. */
    KT_OK(t, vfs_rename(c, "/kt-tree/a/one", "/kt-tree/a/uno"));
    KT_OK(t, vfs_rename(c, "/kt-tree/a/two", "/kt-tree/b/dos"));
    ino_t uno = ext2_ino(c, "/kt-tree/a/uno");
    KT_OK(t, vfs_rename(c, "/kt-tree/a/uno", "/kt-tree/b/target"));
    KT_CHECK_EQ(t, ext2_ino(c, "/kt-tree/b/target"), uno);
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/b/target"), 1);

    /* A directory moves: its ".." and both parents' link counts follow. */
    KT_OK(t, vfs_mkdir(c, "/kt-tree/a/sub", 0755));
    KT_OK(t, vfs_mkdir(c, "/kt-tree/a/sub/inner", 0755));
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/a"), 3);
    KT_OK(t, vfs_rename(c, "/kt-tree/a/sub", "/kt-tree/b/sub"));
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/a"), 2);
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/b"), 3);
    KT_CHECK_EQ(t, ext2_ino(c, "/kt-tree/b/sub/.."), ext2_ino(c, "/kt-tree/b"));
    KT_CHECK_EQ(t, ext2_ino(c, "/kt-tree/b/sub/inner/../.."), ext2_ino(c, "/kt-tree/b"));
    /* Over an empty directory; not over a full one; not into itself. */
    KT_OK(t, vfs_mkdir(c, "/kt-tree/a/empty", 0755));
    KT_OK(t, vfs_rename(c, "/kt-tree/b/sub", "/kt-tree/a/empty"));
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/b"), 2);
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/a"), 3);
    KT_CHECK_EQ(t, ext2_ino(c, "/kt-tree/a/empty/.."), ext2_ino(c, "/kt-tree/a"));
    KT_OK(t, vfs_mkdir(c, "/kt-tree/b/full", 0755));
    KT_OK(t, ext2_test_write_file(c, "/kt-tree/b/full/f", "f", 1));
    KT_CHECK_EQ(t, vfs_rename(c, "/kt-tree/a/empty", "/kt-tree/b/full"), -ENOTEMPTY);
    KT_CHECK_EQ(t, vfs_rename(c, "/kt-tree/a", "/kt-tree/a/empty/inner/a"), -EINVAL);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/kt-tree/b/full"), -ENOTEMPTY);
    KT_CHECK_EQ(t, vfs_unlink(c, "/kt-tree/b/full"), -EISDIR);
    KT_OK(t, vfs_mkdir(c, "/kt-tree/b/gone", 0755));
    KT_OK(t, vfs_rmdir(c, "/kt-tree/b/gone"));

    /* Hard links outlive their first name. */
    KT_OK(t, ext2_test_write_file(c, "/kt-tree/orig", "shared\n", 7));
    KT_OK(t, vfs_link(c, "/kt-tree/orig", "/kt-tree/a/alias", 0));
    KT_OK(t, vfs_link(c, "/kt-tree/orig", "/kt-tree/b/alias", 0));
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/orig"), 3);
    KT_OK(t, vfs_unlink(c, "/kt-tree/orig"));
    KT_CHECK_EQ(t, ext2_nlink(c, "/kt-tree/a/alias"), 2);
    KT_CHECK_EQ(t, vfs_link(c, "/kt-tree/a", "/kt-tree/dirlink", 0), -EPERM);

    /* Symlinks: in the inode and in a block. */
    static const char long_target[] =
        "../kt-tree/deep/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/leaf";
    KT_OK(t, vfs_symlink(c, "a/alias", "/kt-tree/fast"));
    KT_OK(t, vfs_symlink(c, long_target, "/kt-tree/slow"));
    uint32_t crc;
    uint64_t size;
    KT_OK(t, ext2_test_cksum(c, "/kt-tree/fast", &crc, &size));
    KT_CHECK_EQ(t, size, 7);
    KT_OK(t, ext2_test_cksum(c, "/kt-tree/slow", &crc, &size));
    KT_CHECK_EQ(t, size, 5);

    /* Device nodes and a FIFO keep their numbers; attributes stick. */
    KT_OK(t, vfs_mknod(c, "/kt-tree/null", S_IFCHR | 0666, DEV_MAKE(1, 3)));
    KT_OK(t, vfs_mknod(c, "/kt-tree/bigdev", S_IFBLK | 0600, DEV_MAKE(300, 70000)));
    KT_OK(t, vfs_mknod(c, "/kt-tree/fifo", S_IFIFO | 0644, 0));
    KT_OK(t, vfs_chmod(c, "/kt-tree/b/dos", 0, 0640));
    KT_OK(t, vfs_chown(c, "/kt-tree/b/dos", 0, 1234, 70000));

    struct ext2_manifest m = { 0 };
    ext2_manifest_add(&m, "d /kt-tree/a/empty/inner");
    ext2_manifest_add(&m, "d %s", "/kt-tree/deep/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x");
    ext2_manifest_file(&m, c, path);
    ext2_manifest_file(&m, c, "/kt-tree/b/target");
    ext2_manifest_file(&m, c, "/kt-tree/b/dos");
    ext2_manifest_file(&m, c, "/kt-tree/b/full/f");
    ext2_manifest_file(&m, c, "/kt-tree/a/alias");
    ext2_manifest_add(&m, "h /kt-tree/a/alias /kt-tree/b/alias");
    ext2_manifest_add(&m, "l /kt-tree/fast a/alias");
    ext2_manifest_add(&m, "l /kt-tree/slow %s", long_target);
    ext2_manifest_add(&m, "a /kt-tree/orig");
    ext2_manifest_add(&m, "a /kt-tree/a/uno");
    ext2_manifest_add(&m, "a /kt-tree/b/sub");
    ext2_manifest_add(&m, "a /kt-tree/b/gone");
    KT_OK(t, ext2_manifest_publish(&et, &m, "/kt-tree.manifest"));
    /* After the manifest, which read the file. */
    struct timespec times[2] = { { 1000000000, 0 }, { 1234567890, 0 } };
    KT_OK(t, vfs_utimes(c, "/kt-tree/b/dos", 0, times));
    ext2_test_unmount(t, &et);

    KT_ASSERT(t, ext2_test_mount(&et, "hda1", true) == 0);
    struct stat st;
    KT_OK(t, vfs_stat(c, "/kt-tree/null", AT_SYMLINK_NOFOLLOW, &st));
    KT_CHECK(t, S_ISCHR(st.st_mode) && st.st_rdev == DEV_MAKE(1, 3));
    KT_OK(t, vfs_stat(c, "/kt-tree/bigdev", AT_SYMLINK_NOFOLLOW, &st));
    KT_CHECK(t, S_ISBLK(st.st_mode) && st.st_rdev == DEV_MAKE(300, 70000));
    KT_OK(t, vfs_stat(c, "/kt-tree/fifo", AT_SYMLINK_NOFOLLOW, &st));
    KT_CHECK(t, S_ISFIFO(st.st_mode));
    KT_OK(t, vfs_stat(c, "/kt-tree/b/dos", 0, &st));
    KT_CHECK_EQ(t, st.st_mode & 07777, 0640);
    KT_CHECK_EQ(t, st.st_uid, 1234);
    KT_CHECK_EQ(t, st.st_gid, 70000);
    KT_CHECK_EQ(t, st.st_atim.tv_sec, 1000000000);
    KT_CHECK_EQ(t, st.st_mtim.tv_sec, 1234567890);
    /* Reading files (this does) moves atimes; so it comes last. */
    KT_CHECK_EQ(t, ext2_manifest_verify(t, c, "/kt-tree.manifest"), 14);
    ext2_test_unmount(t, &et);
}

KTEST(ext2_write, unlinked_open_file_lives_until_closed)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, "hda2", false) == 0);
    uint64_t free0 = ext2_free_blocks(t, &et.ctx);
    uint32_t crc;
    KT_OK(t, ext2_write_pattern(&et.ctx, "/kt-open.bin", 200000, 4096, 3, &crc));
    struct file *f;
    KT_ASSERT(t, vfs_open(&et.ctx, "/kt-open.bin", O_RDWR, 0, &f) == 0);
    KT_OK(t, vfs_unlink(&et.ctx, "/kt-open.bin"));
    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(&et.ctx, "/kt-open.bin", 0, &st), -ENOENT);
    uint8_t buf[16];
    struct io_buffer io = io_buffer_kernel(buf);
    KT_CHECK_EQ(t, file_pwrite(f, &io, 16, 300000), 16);
    KT_CHECK_EQ(t, file_pread(f, &io, 16, 0), 16);
    KT_CHECK(t, ext2_free_blocks(t, &et.ctx) < free0);
    file_put(f);
    KT_CHECK_EQ(t, ext2_free_blocks(t, &et.ctx), free0);
    ext2_test_unmount(t, &et);
}

KTEST(ext2_write, full_disk_is_enospc)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, "hda2", false) == 0);
    uint64_t free0 = ext2_free_blocks(t, &et.ctx);
    struct file *f;
    KT_ASSERT(t, vfs_open(&et.ctx, "/kt-fill.bin", O_WRONLY | O_CREAT | O_TRUNC, 0600, &f) == 0);
    uint8_t *buf = kzalloc(65536);
    KT_ASSERT(t, buf != NULL);
    struct io_buffer io = io_buffer_kernel(buf);
    ssize_t n = 0;
    uint64_t total = 0;
    for (int i = 0; i < 1000; i++) {
        n = file_write(f, &io, 65536);
        if (n <= 0)
            break;
        total += (uint64_t)n;
    }
    KT_CHECK_EQ(t, n, -ENOSPC);
    KT_CHECK(t, total > 8u << 20);
    KT_CHECK_EQ(t, ext2_free_blocks(t, &et.ctx), 0);
    /* Full, but still consistent: other operations fail cleanly. */
    KT_CHECK_EQ(t, vfs_mkdir(&et.ctx, "/kt-nospace", 0755), -ENOSPC);
    file_put(f);
    kfree(buf);
    KT_OK(t, vfs_unlink(&et.ctx, "/kt-fill.bin"));
    KT_CHECK_EQ(t, ext2_free_blocks(t, &et.ctx), free0);
    ext2_test_unmount(t, &et);
}
