/* Permissions: owner/group/other bits, supplementary groups, root's
 * exemptions, sticky directories, chmod/chown rules, access, utimes. */
#include "test_fs_helpers.h"

/* /home (0755 root), /home/u (0700 owned by 1000), files inside. */
static int perm_setup(struct fs_test *ft)
{
    struct vfs_context *c = &ft->ctx;
    int rc = fs_test_setup(ft, 0);
    if (rc == 0)
        rc = vfs_mkdir(c, "/home", 0755);
    if (rc == 0)
        rc = vfs_mkdir(c, "/home/u", 0700);
    if (rc == 0)
        rc = vfs_chown(c, "/home/u", 0, 1000, 1000);
    if (rc == 0)
        rc = fs_test_write_str(c, "/home/u/secret", "s");
    if (rc == 0)
        rc = vfs_chown(c, "/home/u/secret", 0, 1000, 1000);
    if (rc == 0)
        rc = vfs_chmod(c, "/home/u/secret", 0, 0600);
    return rc;
}

KTEST(fs_perm, search_read_write)
{
    struct fs_test ft;
    KT_ASSERT(t, perm_setup(&ft) == 0);
    struct vfs_context user = fs_test_as(&ft, &fs_test_user);
    struct vfs_context other = fs_test_as(&ft, &fs_test_other);
    struct file *f;
    struct stat st;
    char buf[8];

    /* The owner gets in; someone else cannot even search the directory. */
    KT_CHECK_EQ(t, fs_test_read(&user, "/home/u/secret", buf, sizeof(buf)), 1);
    KT_CHECK_EQ(t, vfs_stat(&other, "/home/u/secret", 0, &st), -EACCES);
    KT_CHECK_EQ(t, vfs_open(&other, "/home/u/secret", O_RDONLY, 0, &f), -EACCES);
    /* Creating needs write permission on the directory. */
    KT_CHECK_EQ(t, vfs_open(&user, "/home/new", O_RDWR | O_CREAT, 0644, &f), -EACCES);
    KT_CHECK_EQ(t, vfs_mkdir(&user, "/home/x", 0755), -EACCES);
    KT_CHECK_EQ(t, vfs_unlink(&other, "/home/u/secret"), -EACCES);
    KT_CHECK_EQ(t, vfs_rmdir(&user, "/home/u"), -EACCES);

    /* Group bits via a supplementary group; other bits for the rest. */
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/u", 0, 0755), 0);
    KT_CHECK_EQ(t, fs_test_write_str(&ft.ctx, "/home/g", "g"), 0);
    KT_CHECK_EQ(t, vfs_chown(&ft.ctx, "/home/g", 0, 0, 2000), 0);
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/g", 0, 0460), 0);
    KT_ASSERT(t, vfs_open(&user, "/home/g", O_RDWR, 0, &f) == 0);     /* group rw */
    file_put(f);
    KT_CHECK_EQ(t, vfs_open(&other, "/home/g", O_WRONLY, 0, &f), -EACCES);  /* other --- */
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/g", 0, 0464), 0);
    KT_ASSERT(t, vfs_open(&other, "/home/g", O_RDONLY, 0, &f) == 0);
    file_put(f);
    /* The owner class wins even when it grants less than group/other. */
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/u/secret", 0, 0077), 0);
    KT_CHECK_EQ(t, vfs_open(&user, "/home/u/secret", O_RDONLY, 0, &f), -EACCES);
    KT_CHECK_EQ(t, vfs_open(&user, "/home/u/secret", O_WRONLY | O_TRUNC, 0, &f), -EACCES);
    /* A new file may be opened read-write even if its mode says 0444. */
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/u", 0, 0700), 0);
    KT_ASSERT(t, vfs_open(&user, "/home/u/ro", O_RDWR | O_CREAT | O_EXCL, 0444, &f) == 0);
    file_put(f);
    KT_CHECK_EQ(t, vfs_stat(&user, "/home/u/ro", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_uid, 1000);
    KT_CHECK_EQ(t, st.st_gid, 1000);
    KT_CHECK_EQ(t, vfs_open(&user, "/home/u/ro", O_RDWR, 0, &f), -EACCES);
    fs_test_teardown(t, &ft);
}

KTEST(fs_perm, root_exemptions)
{
    struct fs_test ft;
    KT_ASSERT(t, perm_setup(&ft) == 0);
    struct vfs_context *root = &ft.ctx;
    struct file *f;
    KT_CHECK_EQ(t, vfs_chmod(root, "/home/u", 0, 0), 0);
    KT_CHECK_EQ(t, vfs_chmod(root, "/home/u/secret", 0, 0), 0);
    /* Read, write and search need no bits for root... */
    KT_ASSERT(t, vfs_open(root, "/home/u/secret", O_RDWR, 0, &f) == 0);
    file_put(f);
    /* ...but executing needs at least one x bit somewhere. */
    struct inode *i;
    KT_ASSERT(t, vfs_resolve(root, "/home/u/secret", VFS_LOOKUP_FOLLOW, &i) == 0);
    KT_CHECK_EQ(t, vfs_permission(&vfs_kernel_cred, i, X_OK), -EACCES);
    KT_CHECK_EQ(t, vfs_chmod(root, "/home/u/secret", 0, 0001), 0);
    KT_CHECK_EQ(t, vfs_permission(&vfs_kernel_cred, i, X_OK), 0);
    KT_CHECK_EQ(t, vfs_permission(&fs_test_user, i, X_OK), -EACCES);  /* owner class: --- */
    inode_put(i);
    fs_test_teardown(t, &ft);
}

KTEST(fs_perm, sticky_directory)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context user = fs_test_as(&ft, &fs_test_user);
    struct vfs_context other = fs_test_as(&ft, &fs_test_other);
    KT_CHECK_EQ(t, vfs_mkdir(&ft.ctx, "/tmp", 01777), 0);
    KT_CHECK_EQ(t, fs_test_write_str(&user, "/tmp/mine", "m"), 0);
    KT_CHECK_EQ(t, vfs_unlink(&other, "/tmp/mine"), -EPERM);
    KT_CHECK_EQ(t, vfs_rename(&other, "/tmp/mine", "/tmp/theirs"), -EPERM);
    KT_CHECK_EQ(t, fs_test_write_str(&other, "/tmp/theirs", "t"), 0);
    KT_CHECK_EQ(t, vfs_rename(&user, "/tmp/mine", "/tmp/theirs"), -EPERM);
    KT_CHECK_EQ(t, vfs_unlink(&user, "/tmp/mine"), 0);
    KT_CHECK_EQ(t, vfs_unlink(&ft.ctx, "/tmp/theirs"), 0);
    fs_test_teardown(t, &ft);
}

KTEST(fs_perm, chmod_chown_rules)
{
    struct fs_test ft;
    KT_ASSERT(t, perm_setup(&ft) == 0);
    struct vfs_context user = fs_test_as(&ft, &fs_test_user);
    struct vfs_context other = fs_test_as(&ft, &fs_test_other);
    struct stat st;
    const char *p = "/home/u/secret";
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/u", 0, 0755), 0);

    KT_CHECK_EQ(t, vfs_chmod(&other, p, 0, 0777), -EPERM);
    KT_CHECK_EQ(t, vfs_chmod(&user, p, 0, 04755), 0);
    KT_CHECK_EQ(t, vfs_stat(&user, p, 0, &st), 0);
    KT_CHECK_EQ(t, st.st_mode & 07777, 04755);
    /* Set-group-ID for a group the caller is not in is dropped. */
    KT_CHECK_EQ(t, vfs_chown(&ft.ctx, p, 0, (uid_t)-1, 3000), 0);
    KT_CHECK_EQ(t, vfs_chmod(&user, p, 0, 02755), 0);
    KT_CHECK_EQ(t, vfs_stat(&user, p, 0, &st), 0);
    KT_CHECK_EQ(t, st.st_mode & 07777, 0755);

    /* Only root gives files away; the owner moves them among its groups. */
    KT_CHECK_EQ(t, vfs_chown(&user, p, 0, 1001, (gid_t)-1), -EPERM);
    KT_CHECK_EQ(t, vfs_chown(&user, p, 0, (uid_t)-1, 2000), 0);
    KT_CHECK_EQ(t, vfs_chown(&user, p, 0, 1000, 1000), 0);
    KT_CHECK_EQ(t, vfs_chown(&user, p, 0, (uid_t)-1, 4000), -EPERM);
    KT_CHECK_EQ(t, vfs_chown(&other, p, 0, (uid_t)-1, 1001), -EPERM);
    KT_CHECK_EQ(t, vfs_stat(&user, p, 0, &st), 0);
    KT_CHECK_EQ(t, st.st_uid, 1000);
    KT_CHECK_EQ(t, st.st_gid, 1000);
    /* A change of owner strips set-user-ID. */
    KT_CHECK_EQ(t, vfs_chmod(&user, p, 0, 04755), 0);
    KT_CHECK_EQ(t, vfs_chown(&ft.ctx, p, 0, 1001, (gid_t)-1), 0);
    KT_CHECK_EQ(t, vfs_stat(&user, p, 0, &st), 0);
    KT_CHECK_EQ(t, st.st_uid, 1001);
    KT_CHECK_EQ(t, st.st_mode & 07777, 0755);

    /* lchown changes the link; chmod on a link is not supported. */
    KT_CHECK_EQ(t, vfs_symlink(&ft.ctx, "secret", "/home/u/ln"), 0);
    KT_CHECK_EQ(t, vfs_chown(&ft.ctx, "/home/u/ln", AT_SYMLINK_NOFOLLOW, 7, 7), 0);
    KT_CHECK_EQ(t, vfs_stat(&ft.ctx, "/home/u/ln", AT_SYMLINK_NOFOLLOW, &st), 0);
    KT_CHECK_EQ(t, st.st_uid, 7);
    KT_CHECK_EQ(t, vfs_stat(&ft.ctx, "/home/u/ln", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_uid, 1001);
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/u/ln", AT_SYMLINK_NOFOLLOW, 0600), -EOPNOTSUPP);
    fs_test_teardown(t, &ft);
}

KTEST(fs_perm, access_uses_real_ids)
{
    struct fs_test ft;
    KT_ASSERT(t, perm_setup(&ft) == 0);
    /* A set-user-ID-root program run by user 1000. */
    struct vfs_cred setuid_root = fs_test_user;
    setuid_root.euid = 0;
    struct vfs_context c = fs_test_as(&ft, &setuid_root);
    struct vfs_context other = fs_test_as(&ft, &fs_test_other);
    KT_CHECK_EQ(t, vfs_access(&c, "/home/u/secret", R_OK | W_OK, 0), 0);
    KT_CHECK_EQ(t, vfs_access(&c, "/home/u/secret", X_OK, 0), -EACCES);
    KT_CHECK_EQ(t, vfs_access(&other, "/home/u/secret", F_OK, 0), -EACCES);  /* search denied */
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/u", 0, 0711), 0);
    KT_CHECK_EQ(t, vfs_access(&other, "/home/u/secret", F_OK, 0), 0);
    KT_CHECK_EQ(t, vfs_access(&other, "/home/u/secret", R_OK, 0), -EACCES);
    KT_CHECK_EQ(t, vfs_access(&other, "/home/u/none", F_OK, 0), -ENOENT);
    KT_CHECK_EQ(t, vfs_access(&other, "/home/u/secret", 8, 0), -EINVAL);
    /* AT_EACCESS asks with the effective ids instead. */
    struct vfs_cred setuid_other = fs_test_other;
    setuid_other.euid = 1000;
    struct vfs_context so = fs_test_as(&ft, &setuid_other);
    KT_CHECK_EQ(t, vfs_access(&so, "/home/u/secret", R_OK, 0), -EACCES);
    KT_CHECK_EQ(t, vfs_access(&so, "/home/u/secret", R_OK, AT_EACCESS), 0);
    fs_test_teardown(t, &ft);
}

KTEST(fs_perm, utimes_rules)
{
    struct fs_test ft;
    KT_ASSERT(t, perm_setup(&ft) == 0);
    struct vfs_context user = fs_test_as(&ft, &fs_test_user);
    struct vfs_context other = fs_test_as(&ft, &fs_test_other);
    const char *p = "/home/u/secret";
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/home/u", 0, 0755), 0);
    struct timespec times[2] = { { 1000, 5 }, { 2000, 7 } };
    KT_CHECK_EQ(t, vfs_utimes(&user, p, 0, times), 0);
    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(&user, p, 0, &st), 0);
    KT_CHECK_EQ(t, st.st_atim.tv_sec, 1000);
    KT_CHECK_EQ(t, st.st_mtim.tv_sec, 2000);
    KT_CHECK_EQ(t, st.st_mtim.tv_nsec, 7);
    /* UTIME_OMIT leaves one alone. */
    struct timespec omit[2] = { { 0, UTIME_OMIT }, { 3000, 0 } };
    KT_CHECK_EQ(t, vfs_utimes(&user, p, 0, omit), 0);
    KT_CHECK_EQ(t, vfs_stat(&user, p, 0, &st), 0);
    KT_CHECK_EQ(t, st.st_atim.tv_sec, 1000);
    KT_CHECK_EQ(t, st.st_mtim.tv_sec, 3000);
    /* Others: explicit times EPERM; "now" needs write permission. */
    KT_CHECK_EQ(t, vfs_utimes(&other, p, 0, times), -EPERM);
    KT_CHECK_EQ(t, vfs_utimes(&other, p, 0, NULL), -EACCES);
    KT_CHECK_EQ(t, vfs_chmod(&user, p, 0, 0666), 0);
    KT_CHECK_EQ(t, vfs_utimes(&other, p, 0, NULL), 0);
    struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
    KT_CHECK_EQ(t, vfs_utimes(&user, p, 0, bad), -EINVAL);
    fs_test_teardown(t, &ft);
}

KTEST(fs_perm, setgid_directory_inherits_group)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    KT_CHECK_EQ(t, vfs_mkdir(&ft.ctx, "/shared", 02777), 0);
    KT_CHECK_EQ(t, vfs_chown(&ft.ctx, "/shared", 0, 0, 500), 0);
    KT_CHECK_EQ(t, vfs_chmod(&ft.ctx, "/shared", 0, 02777), 0);
    struct vfs_context user = fs_test_as(&ft, &fs_test_user);
    KT_CHECK_EQ(t, fs_test_write_str(&user, "/shared/f", ""), 0);
    KT_CHECK_EQ(t, vfs_mkdir(&user, "/shared/d", 0755), 0);
    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(&user, "/shared/f", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_gid, 500);
    KT_CHECK_EQ(t, vfs_stat(&user, "/shared/d", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_gid, 500);
    KT_CHECK(t, st.st_mode & S_ISGID);
    fs_test_teardown(t, &ft);
}
