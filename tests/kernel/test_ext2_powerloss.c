/* The guest half of the power-cut test (tools/test-powerloss.sh). It only
 * acts on a test disk whose hda1 carries /POWERLOSS: it writes and syncs a
 * set of files, announces their manifest, then keeps changing the file
 * system without syncing until the host kills the machine. The host then
 * lets e2fsck -fy repair the disk and checks that every synced file reads
 * back intact. On any other disk the test passes at once. */
#include "tests/kernel/ext2_test.h"

#define PL_SYNCED_FILES 150

KTEST(ext2_powerloss, synced_files_survive_a_cut)
{
    struct ext2_test et;
    KT_ASSERT(t, ext2_test_mount(&et, "hda1", true) == 0);
    struct stat st;
    bool armed = vfs_stat(&et.ctx, "/POWERLOSS", 0, &st) == 0;
    ext2_test_unmount(t, &et);
    if (!armed)
        return;

    KT_ASSERT(t, ext2_test_mount(&et, "hda1", false) == 0);
    const struct vfs_context *c = &et.ctx;
    KT_ASSERT(t, vfs_mkdir(c, "/pl", 0755) == 0);
    KT_ASSERT(t, vfs_mkdir(c, "/pl-unsynced", 0755) == 0);
    uint8_t *buf = kmalloc(65536);
    KT_ASSERT(t, buf != NULL);
    char path[64];
    struct ext2_manifest m = { 0 };
    ext2_manifest_add(&m, "d /pl");
    for (unsigned i = 0; i < PL_SYNCED_FILES; i++) {
        size_t len = (i * 7919) % 20000;
        disk_test_fill(buf, len, 500 + i);
        snprintf(path, sizeof(path), "/pl/synced-%u", i);
        KT_CHECK_EQ(t, ext2_test_write_file(c, path, buf, len), 0);
        ext2_manifest_file(&m, c, path);
    }
    disk_test_fill(buf, 65536, 42);
    struct file *f;
    KT_ASSERT(t, vfs_open(c, "/pl/big", O_WRONLY | O_CREAT, 0644, &f) == 0);
    struct io_buffer io = io_buffer_kernel(buf);
    for (int i = 0; i < 16; i++)
        KT_CHECK_EQ(t, file_write(f, &io, 65536), 65536);
    file_put(f);
    ext2_manifest_file(&m, c, "/pl/big");
    KT_ASSERT(t, ext2_manifest_publish(&et, &m, "/pl.manifest") == 0);
    KT_ASSERT(t, vfs_sync() == 0 && et.fs->ops->sync(et.fs) == 0);
    printk("# ext2-powerloss: synced %u files\n", PL_SYNCED_FILES + 1);

    /* From here on nothing is synced: the cut comes in the middle. */
    for (unsigned i = 0;; i++) {
        snprintf(path, sizeof(path), "/pl-unsynced/u-%u", i);
        disk_test_fill(buf, 8192, i);
        ext2_test_write_file(c, path, buf, 8192 + (i % 5) * 1000);
        if (i % 3 == 0) {
            char to[64];
            snprintf(to, sizeof(to), "/pl-unsynced/renamed-%u", i);
            vfs_rename(c, path, to);
        }
        if (i % 7 == 0 && i > 0) {
            snprintf(path, sizeof(path), "/pl-unsynced/u-%u", i - 1);
            vfs_unlink(c, path);
        }
        /* Late enough that evictions have written part of this work
         * (the cache holds 2 MiB), so the disk is caught in between. */
        if (i == 400)
            printk("# ext2-powerloss: cut here\n");
        if (i > 4000) {
            ktest_fail(t, __FILE__, __LINE__, "the host never cut the power");
            break;
        }
    }
    kfree(buf);
    ext2_test_unmount(t, &et);
}
