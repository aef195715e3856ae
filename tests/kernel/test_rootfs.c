/* The guest half of the root= stage (tools/test-rootfs.sh). It acts only
 * when root= is on the command line, and says which root it found so that
 * the host can hold it to what it expected: an ext2 root carrying the
 * host's marker file, or the initrd root after a clear refusal. */
#include "fs/inode.h"
#include "kernel/boot_info.h"
#include "kernel/exec.h"
#include "kernel/printk.h"
#include "kernel/process.h"
#include "tests/kernel/test_fs_helpers.h"

#define ROOTFS_BUF 2048

/* What a program started now sees as "/", written where the host will
 * read it back from the disk. */
static void rootfs_check_user_view(struct ktest_ctx *t, const struct vfs_context *c, char *buf,
                                   const char *marker)
{
    static const char *const argv[] = {
        "/bin/sh", "-c", "cat /proc/mounts /ROOTFS-MARKER > /from-user && ls /bin/init >> /from-user",
        NULL,
    };
    static const char *const envp[] = { "PATH=/bin", NULL };
    int pid = user_process_spawn_path(argv[0], argv, envp, process_current(), false);
    KT_ASSERT(t, pid > 0);
    int status = -1;
    KT_CHECK_EQ(t, process_waitpid(process_current(), pid, &status, false), pid);
    KT_CHECK_EQ(t, status, WAIT_STATUS_EXITED(0));
    KT_ASSERT(t, fs_test_read(c, "/from-user", buf, ROOTFS_BUF) > 0);
    KT_CHECK(t, strncmp(buf, "ext2 / ext2 rw\n", 15) == 0);
    KT_CHECK(t, strstr(buf, marker) != NULL);
    KT_CHECK(t, strstr(buf, "/bin/init\n") != NULL);
}

static void rootfs_check_disk(struct ktest_ctx *t, char *buf)
{
    struct vfs_context c;
    vfs_kernel_context(&c);
    struct inode *root = vfs_root();
    KT_CHECK(t, root == c.root);            /* the kernel's context agrees */
    inode_put(root);

    struct statvfs sv;
    KT_CHECK_EQ(t, vfs_statvfs(&c, "/", &sv), 0);
    KT_CHECK(t, (sv.f_flag & ST_RDONLY) == 0);

    /* The pseudo file systems sit on the disk's directories. */
    KT_ASSERT(t, fs_test_read(&c, "/proc/mounts", buf, ROOTFS_BUF) > 0);
    KT_CHECK(t, strncmp(buf, "ext2 / ext2 rw\n", 15) == 0);
    KT_CHECK(t, strstr(buf, "devfs /dev devfs") != NULL);
    KT_CHECK(t, strstr(buf, "devpts /dev/pts devpts") != NULL);
    KT_CHECK(t, strstr(buf, "tmpfs /tmp tmpfs") != NULL);
    KT_CHECK(t, strstr(buf, "proc /proc proc") != NULL);
    KT_CHECK(t, fs_test_exists(&c, "/dev/null"));
    KT_CHECK(t, fs_test_exists(&c, "/dev/console"));
    KT_CHECK(t, fs_test_exists(&c, "/proc/self"));

    /* The host's marker, read from the disk; the host compares it. */
    char marker[96];
    KT_ASSERT(t, fs_test_read(&c, "/ROOTFS-MARKER", marker, sizeof(marker)) > 0);
    char *nl = strchr(marker, '\n');
    if (nl)
        *nl = '\0';
    printk("# rootfs: marker %s\n", marker);

    /* Written at "/": the host finds it on the disk after power-off. */
    KT_CHECK_EQ(t, fs_test_write_str(&c, "/from-kernel", "written at / by the kernel\n"), 0);
    rootfs_check_user_view(t, &c, buf, marker);
    KT_CHECK_EQ(t, vfs_sync(), 0);
}

static void rootfs_check_fallback(struct ktest_ctx *t)
{
    struct vfs_context c;
    vfs_kernel_context(&c);
    KT_CHECK(t, strcmp(c.root->fs->type_name, "ramfs") == 0);
    KT_CHECK(t, fs_test_exists(&c, "/bin/init"));   /* the initrd was unpacked */
    KT_CHECK(t, fs_test_exists(&c, "/dev/null"));
    KT_CHECK(t, fs_test_exists(&c, "/proc/mounts"));
}

KTEST(rootfs, root_from_cmdline)
{
    char dev[24];
    if (!cmdline_get("root", dev, sizeof(dev)))
        return;
    struct vfs_context c;
    vfs_kernel_context(&c);
    bool disk = strcmp(c.root->fs->type_name, "ext2") == 0;
    printk("# rootfs: root=%s gave %s\n", dev, disk ? "an ext2 root" : "the initrd root");
    char *buf = kmalloc(ROOTFS_BUF);
    KT_ASSERT(t, buf != NULL);
    if (disk)
        rootfs_check_disk(t, buf);
    else
        rootfs_check_fallback(t);
    kfree(buf);
}
