/* ramfs specifics: the space limit (ENOSPC) and a create/rename/delete
 * stress that must leave memory exactly as it found it. */
#include "test_fs_helpers.h"

KTEST(fs_ramfs, enospc_when_full)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 4 * 4096) == 0);
    struct vfs_context *c = &ft.ctx;
    static char page[4096];
    memset(page, 'p', sizeof(page));
    struct statvfs sv;
    KT_CHECK_EQ(t, vfs_statvfs(c, "/", &sv), 0);
    KT_CHECK_EQ(t, sv.f_blocks, 4);
    KT_CHECK_EQ(t, sv.f_bfree, 4);

    struct file *f;
    KT_ASSERT(t, vfs_open(c, "/big", O_RDWR | O_CREAT, 0644, &f) == 0);
    struct io_buffer io = io_buffer_kernel(page);
    for (int i = 0; i < 3; i++)
        KT_CHECK_EQ(t, file_write(f, &io, sizeof(page)), 4096);
    /* Half a page fits in the last page; a write spanning past it is cut
     * short, and the next one fails. */
    KT_CHECK_EQ(t, file_write(f, &io, 2048), 2048);
    KT_CHECK_EQ(t, file_write(f, &io, 4096), 2048);
    KT_CHECK_EQ(t, file_write(f, &io, 1), -ENOSPC);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/other", "x"), -ENOSPC);
    KT_CHECK_EQ(t, vfs_statvfs(c, "/", &sv), 0);
    KT_CHECK_EQ(t, sv.f_bfree, 0);
    /* Holes cost nothing; rewriting allocated pages needs no new space. */
    KT_CHECK_EQ(t, file_pwrite(f, &io, 100, 0), 100);
    off_t pos;
    KT_CHECK_EQ(t, file_lseek(f, 1 << 20, SEEK_SET, &pos), 0);
    KT_CHECK_EQ(t, file_truncate(f, (1 << 20) + 1), 0);
    struct stat st;
    file_stat(f, &st);
    KT_CHECK_EQ(t, st.st_blocks, 4 * 8);
    /* Freeing space makes it usable again. */
    KT_CHECK_EQ(t, file_truncate(f, 4096), 0);
    KT_CHECK_EQ(t, fs_test_write_str(c, "/other", "x"), 0);
    file_put(f);
    KT_CHECK_EQ(t, vfs_unlink(c, "/big"), 0);
    KT_CHECK_EQ(t, ramfs_pages_used(ft.fs), 1);
    fs_test_teardown(t, &ft);
}

KTEST(fs_ramfs, tmp_is_limited)
{
    struct vfs_context c;
    vfs_kernel_context(&c);
    struct statvfs sv;
    KT_CHECK_EQ(t, vfs_statvfs(&c, "/tmp", &sv), 0);
    KT_CHECK(t, sv.f_blocks > 0 && sv.f_blocks < 1u << 20);
    KT_CHECK_EQ(t, sv.f_bsize, 4096);
}

/* 2,000 files created, renamed (within and across directories) and
 * deleted; the heap and the frame allocator must end where they began. */
KTEST(fs_ramfs, stress_no_leaks)
{
    enum { FILES = 2000 };
    fs_test_quiesce();
    struct heap_stats before, after;
    heap_get_stats(&before);
    size_t frames_before = pmm_free_frames();

    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, vfs_mkdir(c, "/a", 0755), 0);
    KT_CHECK_EQ(t, vfs_mkdir(c, "/b", 0755), 0);
    char path[32], path2[32];
    static char data[4096 + 10];
    int failures = 0;
    for (int i = 0; i < FILES && failures < 5; i++) {
        snprintf(path, sizeof(path), "/a/f%d", i);
        /* Every tenth file gets data, so pages come and go too. */
        if (fs_test_write(c, path, data, i % 10 == 0 ? 4096 + 10 : 0) < 0 && ++failures)
            ktest_fail(t, __FILE__, __LINE__, "create %s", path);
    }
    for (int i = 0; i < FILES && failures < 5; i++) {
        snprintf(path, sizeof(path), "/a/f%d", i);
        snprintf(path2, sizeof(path2), i % 2 ? "/b/g%d" : "/a/g%d", i);
        if (vfs_rename(c, path, path2) < 0 && ++failures)
            ktest_fail(t, __FILE__, __LINE__, "rename %s", path);
    }
    struct stat st;
    KT_CHECK_EQ(t, vfs_stat(c, "/b/g1999", 0, &st), 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/a/f0", 0, &st), -ENOENT);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/a"), -ENOTEMPTY);
    for (int i = 0; i < FILES && failures < 5; i++) {
        snprintf(path2, sizeof(path2), i % 2 ? "/b/g%d" : "/a/g%d", i);
        if (vfs_unlink(c, path2) < 0 && ++failures)
            ktest_fail(t, __FILE__, __LINE__, "unlink %s", path2);
    }
    KT_CHECK_EQ(t, vfs_rmdir(c, "/a"), 0);
    KT_CHECK_EQ(t, vfs_rmdir(c, "/b"), 0);
    KT_CHECK_EQ(t, ramfs_pages_used(ft.fs), 0);
    fs_test_teardown(t, &ft);

    fs_test_quiesce();
    heap_get_stats(&after);
    KT_CHECK_EQ(t, after.bytes_in_use, before.bytes_in_use);
    KT_CHECK_EQ(t, after.allocations, before.allocations);
    KT_CHECK_EQ(t, pmm_free_frames(), frames_before);
}
