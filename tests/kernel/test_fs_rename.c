/* rename(2) in all its cases. */
#include "test_fs_helpers.h"

KTEST(fs_rename, files)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    char buf[16];
    KT_CHECK_EQ(t, vfs_mkdir(c, "/d", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/a", "A"), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/b", "B"), 0);

    /* Plain move, into another directory. */
    KT_CHECK_EQ(t, vfs_rename(c, "/a", "/d/a2"), 0);
    KT_CHECK(t, !fs_test_exists(c, "/a"));
    KT_CHECK_EQ(t, fs_test_read(c, "/d/a2", buf, sizeof(buf)), 1);
    /* Replacing an existing file, atomically: the old one stays readable
     * through an open description. */
    struct file *f;
    KT_ASSERT(t, vfs_open(c, "/b", O_RDONLY, 0, &f) == 0);
    KT_CHECK_EQ(t, vfs_rename(c, "/d/a2", "/b"), 0);
    KT_CHECK_EQ(t, fs_test_read(c, "/b", buf, sizeof(buf)), 1);
    KT_CHECK(t, buf[0] == 'A');
    struct io_buffer io = io_buffer_kernel(buf);
    KT_CHECK_EQ(t, file_read(f, &io, 1), 1);
    KT_CHECK(t, buf[0] == 'B');
    file_put(f);
    /* Same file under two names: nothing happens. */
    KT_CHECK_EQ(t, vfs_link(c, "/b", "/b2", 0), 0);
    KT_CHECK_EQ(t, vfs_rename(c, "/b", "/b2"), 0);
    KT_CHECK(t, fs_test_exists(c, "/b") && fs_test_exists(c, "/b2"));
    KT_CHECK_EQ(t, vfs_rename(c, "/b", "/b"), 0);

    /* Errors. */
    KT_CHECK_EQ(t, vfs_rename(c, "/nope", "/x"), -ENOENT);
    KT_CHECK_EQ(t, vfs_rename(c, "/b", "/nodir/x"), -ENOENT);
    KT_CHECK_EQ(t, vfs_rename(c, "/b", "/d"), -EISDIR);
    KT_CHECK_EQ(t, vfs_rename(c, "/b", "/c/"), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_rename(c, "/b/", "/c"), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_rename(c, "/b", "/d/."), -EINVAL);
    KT_CHECK_EQ(t, vfs_rename(c, "/d/..", "/x"), -EINVAL);
    fs_test_teardown(t, &ft);
}

KTEST(fs_rename, directories)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    struct stat st;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/p", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/q", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/p/d", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/p/d/sub", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/p/d/sub/f", "f"), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/file", "x"), 0);

    /* Into its own subtree: EINVAL (also as itself as the parent). */
    KT_CHECK_EQ(t, vfs_rename(c, "/p/d", "/p/d/sub/d"), -EINVAL);
    KT_CHECK_EQ(t, vfs_rename(c, "/p/d", "/p/d/x"), -EINVAL);
    KT_CHECK_EQ(t, vfs_rename(c, "/p", "/p/d/sub/x"), -EINVAL);
    /* Type mismatches. */
    KT_CHECK_EQ(t, vfs_rename(c, "/p/d", "/file"), -ENOTDIR);
    KT_CHECK_EQ(t, vfs_rename(c, "/file", "/q"), -EISDIR);
    /* Onto a non-empty directory; onto its own parent. */
    KT_CHECK_EQ(t, vfs_mkdir(c, "/q/full", 0755), 0);
    KT_CHECK_EQ(t, vfs_rename(c, "/p/d", "/q"), -ENOTEMPTY);
    KT_CHECK_EQ(t, vfs_rename(c, "/p/d/sub", "/p/d"), -ENOTEMPTY);

    /* A move to another parent fixes both parents' link counts and "..". */
    KT_CHECK_EQ(t, vfs_rename(c, "/p/d", "/q/d"), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/p", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_nlink, 2);
    KT_CHECK_EQ(t, vfs_stat(c, "/q", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_nlink, 4);
    struct stat up, q;
    KT_CHECK_EQ(t, vfs_stat(c, "/q/d/..", 0, &up), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/q", 0, &q), 0);
    KT_CHECK_EQ(t, up.st_ino, q.st_ino);
    KT_CHECK(t, fs_test_exists(c, "/q/d/sub/f"));

    /* Replacing an empty directory. */
    KT_CHECK_EQ(t, vfs_rmdir(c, "/q/full"), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/p/empty", 0755), 0);
    KT_CHECK_EQ(t, vfs_rename(c, "/q/d", "/p/empty"), 0);
    KT_CHECK(t, fs_test_exists(c, "/p/empty/sub/f"));
    KT_CHECK_EQ(t, vfs_stat(c, "/p", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_nlink, 3);
    KT_CHECK_EQ(t, vfs_stat(c, "/q", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_nlink, 2);
    KT_CHECK_EQ(t, vfs_rename(c, "/p/empty/", "/q/back/"), 0);     /* slashes fine for dirs */
    KT_CHECK(t, fs_test_exists(c, "/q/back/sub/f"));
    fs_test_teardown(t, &ft);
}

KTEST(fs_rename, replaced_dir_open_elsewhere)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/b", 0755), 0);
    struct inode *b;
    KT_ASSERT(t, vfs_resolve(c, "/b", VFS_LOOKUP_FOLLOW, &b) == 0);
    KT_CHECK_EQ(t, vfs_rename(c, "/a", "/b"), 0);
    /* The replaced directory is gone from the tree but alive for its user. */
    KT_CHECK_EQ(t, b->nlink, 0);
    struct vfs_context in_b = *c;
    in_b.cwd = b;
    KT_CHECK_EQ(t, vfs_mkdir(&in_b, "x", 0755), -ENOENT);
    inode_put(b);
    fs_test_teardown(t, &ft);
}

KTEST(fs_rename, at_two_directories)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/src", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/dst", 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/src/f", "moved"), 0);
    struct inode *src, *dst;
    KT_ASSERT(t, vfs_resolve(c, "/src", VFS_LOOKUP_FOLLOW, &src) == 0);
    KT_ASSERT(t, vfs_resolve(c, "/dst", VFS_LOOKUP_FOLLOW, &dst) == 0);
    struct vfs_context in_src = *c, in_dst = *c;
    in_src.cwd = src;
    in_dst.cwd = dst;
    /* Relative names resolve against their own directory. */
    KT_CHECK_EQ(t, vfs_renameat(&in_src, "f", &in_dst, "g"), 0);
    KT_CHECK(t, fs_test_exists(c, "/dst/g") && !fs_test_exists(c, "/src/f"));
    KT_CHECK_EQ(t, vfs_linkat(&in_dst, "g", &in_src, "h", 0), 0);
    KT_CHECK(t, fs_test_exists(c, "/src/h"));
    /* The credentials are the first context's. */
    struct vfs_context user_src = in_src;
    user_src.cred = &fs_test_user;
    KT_CHECK_EQ(t, vfs_renameat(&user_src, "h", &in_dst, "i"), -EACCES);
    inode_put(src);
    inode_put(dst);
    fs_test_teardown(t, &ft);
}
