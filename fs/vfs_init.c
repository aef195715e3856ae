/* Building the global name space at boot. */
#include "drivers/tty/tty.h"
#include "fs/boot_root.h"
#include "fs/device.h"
#include "fs/initrd.h"
#include "fs/mount.h"
#include "fs/procfs.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/boot_info.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/pmm.h"

/* /tmp may hold this much file data, unless "tmpsize=<KiB>" says otherwise. */
#define TMP_DEFAULT_BYTES (32u * 1024 * 1024)

/* The root directory, referenced for the kernel's own context. Set once. */
static struct inode *kernel_root;

void vfs_kernel_context(struct vfs_context *out)
{
    ASSERT(kernel_root);
    out->cred = &vfs_kernel_cred;
    out->root = kernel_root;
    out->cwd = kernel_root;
    out->umask = 0;
}

static size_t vfs_tmp_size(void)
{
    char buf[16];
    if (!cmdline_get("tmpsize", buf, sizeof(buf)))
        return TMP_DEFAULT_BYTES;
    size_t kib = 0;
    for (const char *p = buf; *p >= '0' && *p <= '9'; p++)
        kib = kib * 10 + (size_t)(*p - '0');
    if (kib == 0 || kib > 1024 * 1024)
        return TMP_DEFAULT_BYTES;     /* nonsense or beyond what i686 can hold */
    return kib * 1024;
}

static void vfs_must(int rc, const char *what)
{
    if (rc < 0)
        panic("vfs: cannot %s (error %d)", what, rc);
}

void vfs_init_root(void)
{
    ASSERT(!kernel_root);
    dev_basic_register();
    dev_random_register();
    tty_devices_register();

    struct vfs_fs *rootfs, *devfs, *tmpfs, *procfs;
    /* root=DEV: the disk holds the system and already has the mount points
     * (boot_root.c saw to that); otherwise an empty ramfs, filled from the
     * initrd below. */
    rootfs = boot_root_from_cmdline();
    bool on_disk = rootfs != NULL;
    if (!on_disk)
        vfs_must(ramfs_create(0, 0755, "ramfs", &rootfs), "create the root file system");
    mount_set_root(rootfs);
    kernel_root = vfs_root();

    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    if (!on_disk) {
        vfs_must(vfs_mkdir(&ctx, "/dev", 0755), "create /dev");
        vfs_must(vfs_mkdir(&ctx, "/tmp", 0755), "create /tmp");
        vfs_must(vfs_mkdir(&ctx, "/proc", 0555), "create /proc");
        vfs_must(vfs_mkdir(&ctx, "/etc", 0755), "create /etc");
        vfs_must(vfs_mkdir(&ctx, "/bin", 0755), "create /bin");
    }

    vfs_must(devfs_create(&devfs), "create devfs");
    vfs_must(vfs_mount(&ctx, devfs, "/dev"), "mount devfs on /dev");
    vfs_must(devpts_mount_boot(), "mount devpts on /dev/pts");
    vfs_must(ramfs_create(vfs_tmp_size(), 01777, "tmpfs", &tmpfs), "create the /tmp file system");
    vfs_must(vfs_mount(&ctx, tmpfs, "/tmp"), "mount /tmp");
    procfs_register_type();
    vfs_must(procfs_create(&procfs), "create procfs");
    vfs_must(vfs_mount(&ctx, procfs, "/proc"), "mount procfs on /proc");

    if (on_disk) {
        printk("vfs: the initrd is not unpacked: the root disk holds the system\n");
        return;
    }
    int rc = initrd_unpack_boot_module(kernel_root);
    if (rc == -ENOENT)
        printk("vfs: no initrd module; the root file system starts empty\n");
    else if (rc < 0)
        printk("vfs: the initrd was refused (error %d)\n", rc);
}
