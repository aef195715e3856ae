/* A small fixed registry: types register at boot and never leave. */
#include "fs/fs_types.h"
#include "fs/device.h"
#include "fs/ramfs.h"
#include "kernel/errno.h"
#include "kernel/spinlock.h"
#include <string.h>

#define FS_TYPES_MAX 16
#define TMPFS_MOUNT_BYTES (16u * 1024 * 1024)

struct fs_type {
    const char *name;
    vfs_fs_create_fn create;
};

/* Protects fs_types and fs_type_count. */
static struct spinlock fs_types_lock = SPINLOCK_INIT("fs_types");
static struct fs_type fs_types[FS_TYPES_MAX];
static unsigned fs_type_count;

static int ramfs_mount_create(const char *source, unsigned flags, struct vfs_fs **out)
{
    (void)source, (void)flags;
    return ramfs_create(0, 0755, "ramfs", out);
}

/* A mounted tmpfs gets a size limit, so it cannot eat all memory. */
static int tmpfs_mount_create(const char *source, unsigned flags, struct vfs_fs **out)
{
    (void)source, (void)flags;
    return ramfs_create(TMPFS_MOUNT_BYTES, 01777, "tmpfs", out);
}

static int devfs_mount_create(const char *source, unsigned flags, struct vfs_fs **out)
{
    (void)source, (void)flags;
    return devfs_create(out);
}

int vfs_fs_type_register(const char *name, vfs_fs_create_fn create)
{
    irqflags_t fl = spin_lock_irqsave(&fs_types_lock);
    int rc = 0;
    for (unsigned i = 0; i < fs_type_count && rc == 0; i++)
        if (strcmp(fs_types[i].name, name) == 0)
            rc = -EEXIST;
    if (rc == 0 && fs_type_count == FS_TYPES_MAX)
        rc = -ENOMEM;
    if (rc == 0)
        fs_types[fs_type_count++] = (struct fs_type){ name, create };
    spin_unlock_irqrestore(&fs_types_lock, fl);
    return rc;
}

static void fs_types_register_builtin(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    vfs_fs_type_register("ramfs", ramfs_mount_create);
    vfs_fs_type_register("tmpfs", tmpfs_mount_create);
    vfs_fs_type_register("devfs", devfs_mount_create);
}

int vfs_fs_create_by_type(const char *name, const char *source, unsigned flags, struct vfs_fs **out)
{
    fs_types_register_builtin();
    vfs_fs_create_fn create = NULL;
    irqflags_t fl = spin_lock_irqsave(&fs_types_lock);
    for (unsigned i = 0; i < fs_type_count; i++)
        if (strcmp(fs_types[i].name, name) == 0)
            create = fs_types[i].create;
    spin_unlock_irqrestore(&fs_types_lock, fl);
    return create ? create(source, flags, out) : -ENODEV;
}
