/* devpts: /dev/pts is a ramfs instance of its own, mounted at boot, in
 * which each pseudo-terminal pair has its node N (136:N, mode 0620, owned
 * by whoever opened /dev/ptmx) for as long as the pair exists. The kernel
 * keeps a reference on its root so that it cannot be unmounted from under
 * the pairs; it is not a mountable file-system type. */
#include "drivers/tty/pty.h"
#include "drivers/tty/tty.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include <format.h>

#define DEVPTS_NODE_MODE 0620

/* Set once at boot, then only read. */
static struct vfs_fs *devpts_fs;

static struct vfs_fs *devpts_instance(void) { return __atomic_load_n(&devpts_fs, __ATOMIC_ACQUIRE); }

static void devpts_context(struct vfs_fs *fs, struct vfs_context *ctx)
{
    ctx->cred = &vfs_kernel_cred;
    ctx->root = fs->root;
    ctx->cwd = fs->root;
    ctx->umask = 0;
}

int devpts_mount_boot(void)
{
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    int rc = vfs_mkdir(&ctx, "/dev/pts", 0755);
    if (rc < 0 && rc != -EEXIST)
        return rc;
    struct vfs_fs *fs;
    rc = ramfs_create(0, 0755, "devpts", &fs);
    if (rc < 0)
        return rc;
    inode_get(fs->root);
    rc = vfs_mount(&ctx, fs, "/dev/pts");
    if (rc < 0) {
        inode_put(fs->root);
        ramfs_destroy(fs);
        return rc;
    }
    __atomic_store_n(&devpts_fs, fs, __ATOMIC_RELEASE);
    return 0;
}

int devpts_create_node(unsigned index, uint32_t uid, uint32_t gid)
{
    struct vfs_fs *fs = devpts_instance();
    if (!fs)
        return -ENODEV;
    struct vfs_context ctx;
    devpts_context(fs, &ctx);
    char name[16];
    snprintf(name, sizeof(name), "%u", index);
    /* A node left by a pair that failed to remove it is replaced. */
    vfs_unlink(&ctx, name);
    int rc = vfs_mknod(&ctx, name, S_IFCHR | DEVPTS_NODE_MODE, DEV_MAKE(PTY_SLAVE_MAJOR, index));
    if (rc == 0)
        rc = vfs_chown(&ctx, name, 0, uid, gid);
    return rc;
}

void devpts_remove_node(unsigned index)
{
    struct vfs_fs *fs = devpts_instance();
    if (!fs)
        return;
    struct vfs_context ctx;
    devpts_context(fs, &ctx);
    char name[16];
    snprintf(name, sizeof(name), "%u", index);
    int rc = vfs_unlink(&ctx, name);
    if (rc < 0 && rc != -ENOENT)
        printk("devpts: cannot remove /dev/pts/%u (error %d)\n", index, rc);
}
