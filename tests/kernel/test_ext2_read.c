/* ext2 reading: every file, directory, symlink and hard link that
 * tools/mkdisk-fixtures.sh put on the test disk reads back exactly as the
 * host's checksums say, with 1 KiB and 4 KiB blocks; directories list
 * completely; mounting refuses what it must. */
#include "tests/kernel/ext2_test.h"
#include "kernel/api/dirent.h"

static void ext2_check_fixtures(struct ktest_ctx *t, const char *dev)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, dev, true) == 0);
    unsigned n = ext2_manifest_verify(t, &et.ctx, "/MANIFEST");
    KT_CHECK(t, n > 350);       /* about 380 entries */
    struct statvfs sv;
    KT_CHECK_EQ(t, vfs_statvfs(&et.ctx, "/", &sv), 0);
    KT_CHECK(t, sv.f_flag & ST_RDONLY);
    KT_CHECK(t, sv.f_bfree < sv.f_blocks && sv.f_ffree < sv.f_files);
    /* Read-only means read-only. */
    KT_CHECK_EQ(t, vfs_mkdir(&et.ctx, "/nope", 0755), -EROFS);
    KT_CHECK_EQ(t, ext2_test_write_file(&et.ctx, "/hello.txt", "x", 1), -EROFS);
    ext2_test_unmount(t, &et);
}

KTEST(ext2_read, fixtures_1k_blocks) { ext2_check_fixtures(t, "hda1"); }
KTEST(ext2_read, fixtures_4k_blocks) { ext2_check_fixtures(t, "hda2"); }

struct ext2_count_sink {
    struct vfs_dirent_sink sink;
    unsigned entries, dots, dirs;
};

static bool ext2_count_emit(struct vfs_dirent_sink *s, const char *name, size_t len, ino_t ino,
                            unsigned char type, off_t next)
{
    (void)ino, (void)next;
    struct ext2_count_sink *c = (struct ext2_count_sink *)s;
    c->entries++;
    if (len <= 2 && name[0] == '.')
        c->dots++;
    if (type == DT_DIR)
        c->dirs++;
    return true;
}

KTEST(ext2_read, directories_list_completely)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, "hda1", true) == 0);
    struct inode *many;
    KT_ASSERT(t, vfs_resolve(&et.ctx, "/many", VFS_LOOKUP_DIRECTORY, &many) == 0);
    struct ext2_count_sink c = { { ext2_count_emit }, 0, 0, 0 };
    off_t pos = 0;
    mutex_lock(&many->lock);
    int rc = many->ops->getdents(many, &c.sink, &pos);
    mutex_unlock(&many->lock);
    KT_CHECK_EQ(t, rc, 0);
    KT_CHECK_EQ(t, c.entries, 302);
    KT_CHECK_EQ(t, c.dots, 2);
    KT_CHECK_EQ(t, c.dirs, 2);
    KT_CHECK(t, many->size > 1024);     /* several blocks */
    inode_put(many);
    /* The bottom of the deep tree, and ".." all the way back up. */
    char path[300] = "/deep";
    for (int i = 1; i <= 24; i++)
        snprintf(path + strlen(path), sizeof(path) - strlen(path), "/level%d", i);
    char up[400];
    snprintf(up, sizeof(up), "%s/bottom.txt", path);
    uint32_t crc;
    uint64_t size;
    KT_CHECK_EQ(t, ext2_test_cksum(&et.ctx, up, &crc, &size), 0);
    KT_CHECK_EQ(t, size, 7);
    /* 25 levels below the root: /deep and level1..level24. */
    for (int i = 0; i < 25; i++)
        strlcat(path, "/..", sizeof(path));
    strlcat(path, "/hello.txt", sizeof(path));
    struct stat a, b;
    KT_CHECK_EQ(t, vfs_stat(&et.ctx, path, 0, &a), 0);
    KT_CHECK_EQ(t, vfs_stat(&et.ctx, "/hello.txt", 0, &b), 0);
    KT_CHECK_EQ(t, a.st_ino, b.st_ino);
    KT_CHECK_EQ(t, b.st_nlink, 2);
    /* Symlinks resolve through the VFS, dangling ones do not. */
    KT_CHECK_EQ(t, vfs_stat(&et.ctx, "/links/fast", 0, &a), 0);
    KT_CHECK_EQ(t, a.st_ino, b.st_ino);
    KT_CHECK_EQ(t, vfs_stat(&et.ctx, "/links/dangling", 0, &a), -ENOENT);
    KT_CHECK_EQ(t, vfs_stat(&et.ctx, "/links/slow", AT_SYMLINK_NOFOLLOW, &a), 0);
    KT_CHECK(t, S_ISLNK(a.st_mode) && a.st_size > 60);
    ext2_test_unmount(t, &et);
}

KTEST(ext2_read, mount_refusals)
{
    struct ext2_test et, again;
    struct vfs_fs *fs;
    KT_CHECK_EQ(t, ext2_mount_device("nosuchdisk", true, &fs), -ENODEV);
    KT_CHECK_EQ(t, ext2_mount_device("hdd", true, &fs), -EINVAL);      /* all zeros */
    KT_CHECK_EQ(t, ext2_mount_device("hda", true, &fs), -EINVAL);      /* the MBR disk itself */
    KT_ASSERT(t, ext2_test_mount(&et, "/dev/hda2", true) == 0);
    KT_CHECK_EQ(t, ext2_test_mount(&again, "hda2", true), -EBUSY);
    /* Mounted in a name space and unmounted again through the VFS. */
    struct vfs_context kctx;
    vfs_kernel_context(&kctx);
    vfs_mkdir(&kctx, "/tmp", 0777);
    KT_CHECK_EQ(t, vfs_mkdir(&kctx, "/tmp/kt-ext2-mnt", 0755), 0);
    KT_ASSERT(t, vfs_mount(&kctx, et.fs, "/tmp/kt-ext2-mnt") == 0);
    uint32_t crc;
    uint64_t size;
    KT_CHECK_EQ(t, ext2_test_cksum(&kctx, "/tmp/kt-ext2-mnt/hello.txt", &crc, &size), 0);
    KT_CHECK_EQ(t, size, 34);
    KT_CHECK_EQ(t, vfs_umount(&kctx, "/tmp/kt-ext2-mnt"), 0);
    KT_CHECK_EQ(t, vfs_rmdir(&kctx, "/tmp/kt-ext2-mnt"), 0);
    /* Free again. */
    KT_ASSERT(t, ext2_test_mount(&et, "hda2", true) == 0);
    ext2_test_unmount(t, &et);
}
