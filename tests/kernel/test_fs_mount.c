/* Mounts (crossing both ways, EXDEV, EBUSY), chroot ceilings, the name
 * cache, and the boot-time name space. */
#include "test_fs_helpers.h"

KTEST(fs_mount, crossing_and_busy)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    struct vfs_fs *b;
    KT_ASSERT(t, ramfs_create(0, 0755, "b", &b) == 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/mnt", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/mnt/hidden", "under"), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/file", "f"), 0);
    KT_CHECK_EQ(t, vfs_mount(c, b, "/file"), -ENOTDIR);
    struct vfs_context user = fs_test_as(&ft, &fs_test_user);
    KT_CHECK_EQ(t, vfs_mount(&user, b, "/mnt"), -EPERM);
    KT_ASSERT(t, vfs_mount(c, b, "/mnt") == 0);
    KT_CHECK_EQ(t, vfs_mount(c, b, "/mnt"), -EBUSY);

    /* Down: /mnt is b's root now, and the old contents are hidden. */
    struct stat st, root_st;
    KT_CHECK(t, !fs_test_exists(c, "/mnt/hidden"));
    KT_CHECK_EQ(t, fs_test_write_str(c, "/mnt/f", "in b"), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/mnt/f", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_dev, b->dev);
    KT_CHECK_EQ(t, vfs_stat(c, "/mnt", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_ino, b->root->ino);
    /* Up: ".." from b's root is the mount point's parent. */
    KT_CHECK_EQ(t, vfs_stat(c, "/mnt/..", 0, &st), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/", 0, &root_st), 0);
    KT_CHECK_EQ(t, st.st_ino, root_st.st_ino);
    KT_CHECK_EQ(t, st.st_dev, root_st.st_dev);
    char buf[64];
    KT_CHECK_EQ(t, fs_test_read(c, "/mnt/../mnt/./f", buf, sizeof(buf)), 4);
    KT_CHECK_EQ(t, vfs_realpath(c, "/mnt/f", buf, sizeof(buf)), 6);
    KT_CHECK(t, strcmp(buf, "/mnt/f") == 0);
    /* From a cwd inside b, ".." climbs out too. */
    struct inode *broot;
    KT_ASSERT(t, vfs_resolve(c, "/mnt", VFS_LOOKUP_FOLLOW, &broot) == 0);
    struct vfs_context in_b = *c;
    in_b.cwd = broot;
    KT_CHECK_EQ(t, fs_test_read(&in_b, "../file", buf, sizeof(buf)), 1);
    inode_put(broot);

    /* Across file systems. */
    KT_CHECK_EQ(t, vfs_rename(c, "/mnt/f", "/g"), -EXDEV);
    KT_CHECK_EQ(t, vfs_link(c, "/mnt/f", "/g", 0), -EXDEV);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/mnt"), -EBUSY);
    KT_CHECK_EQ(t, vfs_rename(c, "/mnt", "/elsewhere"), -EBUSY);
    struct statvfs sv;
    KT_CHECK_EQ(t, vfs_statvfs(c, "/mnt/f", &sv), 0);
    KT_CHECK_EQ(t, sv.f_fsid, b->dev);

    /* Unmounting: refused while a file is open or for a non-mount. */
    struct file *f;
    KT_ASSERT(t, vfs_open(c, "/mnt/f", O_RDONLY, 0, &f) == 0);
    KT_CHECK_EQ(t, vfs_umount(c, "/mnt"), -EBUSY);
    file_put(f);
    KT_CHECK_EQ(t, vfs_umount(c, "/file"), -EINVAL);
    KT_CHECK_EQ(t, vfs_umount(&user, "/mnt"), -EPERM);
    KT_CHECK_EQ(t, vfs_umount(c, "/mnt"), 0);
    KT_CHECK_EQ(t, fs_test_read(c, "/mnt/hidden", buf, sizeof(buf)), 5);
    fs_test_teardown(t, &ft);
}

KTEST(fs_mount, umount_frees_everything)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    KT_CHECK_EQ(t, vfs_mkdir(&ft.ctx, "/m", 0755), 0);
    fs_test_quiesce();
    struct heap_stats before, after;
    heap_get_stats(&before);
    size_t frames_before = pmm_free_frames();
    struct vfs_fs *b;
    KT_ASSERT(t, ramfs_create(1 << 20, 0755, "b", &b) == 0);
    KT_ASSERT(t, vfs_mount(&ft.ctx, b, "/m") == 0);
    KT_CHECK_EQ(t, vfs_mkdir(&ft.ctx, "/m/d", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(&ft.ctx, "/m/d/e", 0755), 0);
    static char big[3 * 4096];
    KT_CHECK_EQ(t, fs_test_write(&ft.ctx, "/m/d/e/f", big, sizeof(big)), 0);
    KT_CHECK_EQ(t, vfs_link(&ft.ctx, "/m/d/e/f", "/m/g", 0), 0);
    KT_CHECK_EQ(t, vfs_symlink(&ft.ctx, "d/e/f", "/m/s"), 0);
    KT_CHECK_EQ(t, vfs_umount(&ft.ctx, "/m"), 0);
    fs_test_quiesce();      /* the walks above cached "m" in the test fs */
    heap_get_stats(&after);
    KT_CHECK_EQ(t, after.bytes_in_use, before.bytes_in_use);
    KT_CHECK_EQ(t, pmm_free_frames(), frames_before);
    fs_test_teardown(t, &ft);
}

KTEST(fs_mount, chroot_ceiling)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/jail", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/jail/etc", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/jail/etc/x", "inside"), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/outside", "outside"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "/etc/x", "/jail/abs"), 0);
    KT_CHECK_EQ(t, vfs_symlink(c, "../../../outside", "/jail/escape"), 0);
    struct inode *jail;
    KT_ASSERT(t, vfs_resolve(c, "/jail", VFS_LOOKUP_FOLLOW, &jail) == 0);
    struct vfs_context j = *c;
    j.root = jail;
    j.cwd = jail;
    char buf[32];
    KT_CHECK_EQ(t, fs_test_read(&j, "/etc/x", buf, sizeof(buf)), 6);
    KT_CHECK_EQ(t, fs_test_read(&j, "/../../etc/x", buf, sizeof(buf)), 6);
    KT_CHECK_EQ(t, fs_test_read(&j, "../etc/x", buf, sizeof(buf)), 6);
    KT_CHECK_EQ(t, fs_test_read(&j, "/abs", buf, sizeof(buf)), 6);    /* absolute links stay inside */
    KT_CHECK_EQ(t, fs_test_read(&j, "/escape", buf, sizeof(buf)), -ENOENT);
    KT_CHECK_EQ(t, fs_test_read(&j, "/outside", buf, sizeof(buf)), -ENOENT);
    KT_CHECK_EQ(t, vfs_realpath(&j, "/etc/../abs", buf, sizeof(buf)), 6);
    KT_CHECK(t, strcmp(buf, "/etc/x") == 0);
    inode_put(jail);
    fs_test_teardown(t, &ft);
}

KTEST(fs_mount, name_cache_hits_and_invalidation)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/x", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/x/y", "1"), 0);
    struct stat st;
    struct name_cache_stats s0, s1, s2;
    KT_CHECK_EQ(t, vfs_stat(c, "/x/y", 0, &st), 0);     /* fills the cache */
    name_cache_get_stats(&s0);
    KT_CHECK_EQ(t, vfs_stat(c, "/x/y", 0, &st), 0);
    name_cache_get_stats(&s1);
    KT_CHECK_EQ(t, s1.hits - s0.hits, 2);               /* "x" and "y" */
    KT_CHECK_EQ(t, s1.misses, s0.misses);
    /* Changes invalidate: no stale answers. */
    KT_CHECK_EQ(t, vfs_unlink(c, "/x/y"), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/x/y", 0, &st), -ENOENT);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/x/y", "2"), 0);
    KT_CHECK_EQ(t, vfs_rename(c, "/x", "/z"), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/x/y", 0, &st), -ENOENT);
    KT_CHECK_EQ(t, vfs_stat(c, "/z/y", 0, &st), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/x", 0755), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/x/y", 0, &st), -ENOENT);
    name_cache_get_stats(&s2);
    KT_CHECK(t, s2.entries > 0);
    fs_test_teardown(t, &ft);
    /* The test fs's entries are all gone with it. */
    name_cache_get_stats(&s2);
    KT_CHECK(t, s2.entries < s1.entries + 8);
}

KTEST(fs_mount, boot_name_space)
{
    struct vfs_context c;
    vfs_kernel_context(&c);
    struct stat st;
    const char *dirs[] = { "/dev", "/tmp", "/proc", "/etc", "/bin" };
    for (unsigned i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        KT_CHECK_EQ(t, vfs_stat(&c, dirs[i], 0, &st), 0);
        KT_CHECK(t, S_ISDIR(st.st_mode));
    }
    struct stat root_st, dev_st, tmp_st;
    KT_CHECK_EQ(t, vfs_stat(&c, "/", 0, &root_st), 0);
    KT_CHECK_EQ(t, vfs_stat(&c, "/dev", 0, &dev_st), 0);
    KT_CHECK_EQ(t, vfs_stat(&c, "/tmp", 0, &tmp_st), 0);
    KT_CHECK(t, dev_st.st_dev != root_st.st_dev);
    KT_CHECK(t, tmp_st.st_dev != root_st.st_dev && tmp_st.st_dev != dev_st.st_dev);
    KT_CHECK_EQ(t, tmp_st.st_mode & 07777, 01777);
    struct statvfs sv;
    KT_CHECK_EQ(t, vfs_statvfs(&c, "/tmp", &sv), 0);
    KT_CHECK(t, sv.f_blocks > 0 && sv.f_bfree <= sv.f_blocks);
    KT_CHECK_EQ(t, vfs_umount(&c, "/tmp/.."), -EBUSY);     /* the root */
    char buf[16];
    KT_CHECK_EQ(t, vfs_realpath(&c, "/tmp/../dev/./", buf, sizeof(buf)), 4);
    KT_CHECK(t, strcmp(buf, "/dev") == 0);
}
