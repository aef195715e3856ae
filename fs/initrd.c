/* Unpacking the initrd into the VFS, through the ordinary VFS calls so
 * that it obeys every rule an ordinary program would. */
#include "fs/initrd.h"
#include "fs/ustar_parse.h"
#include "fs/vfs.h"
#include "kernel/boot_info.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/printk.h"
#include "mm/layout.h"
#include <string.h>

/* Creates the missing directories leading to path (like mkdir -p of its
 * dirname), for archives that do not list every directory. */
static void initrd_make_parents(const struct vfs_context *ctx, const char *path)
{
    char buf[USTAR_PATH_MAX];
    size_t len = strlen(path);
    memcpy(buf, path, len + 1);
    for (size_t i = 0; i < len; i++) {
        if (buf[i] != '/')
            continue;
        buf[i] = '\0';
        int rc = vfs_mkdir(ctx, buf, 0755);
        buf[i] = '/';
        if (rc < 0 && rc != -EEXIST)
            return;
    }
}

/* Makes room for a new node at path: removes a non-directory there. */
static int initrd_clear(const struct vfs_context *ctx, const char *path)
{
    struct stat st;
    if (vfs_stat(ctx, path, AT_SYMLINK_NOFOLLOW, &st) < 0)
        return 0;
    if (S_ISDIR(st.st_mode))
        return -EISDIR;
    return vfs_unlink(ctx, path);
}

static int initrd_write_file(const struct vfs_context *ctx, const struct ustar_entry *e)
{
    struct file *f;
    int rc = vfs_open(ctx, e->path, O_WRONLY | O_CREAT | O_EXCL, 0600, &f);
    if (rc < 0)
        return rc;
    struct io_buffer buf = io_buffer_kernel((void *)e->data);
    size_t done = 0;
    while (done < e->size) {
        struct io_buffer at = io_buffer_kernel((char *)buf.base + done);
        ssize_t n = file_write(f, &at, (size_t)e->size - done);
        if (n <= 0) {
            rc = n < 0 ? (int)n : -EIO;
            break;
        }
        done += (size_t)n;
    }
    file_put(f);
    return rc;
}

static void initrd_set_attrs(const struct vfs_context *ctx, const struct ustar_entry *e, bool symlink)
{
    int nofollow = AT_SYMLINK_NOFOLLOW;
    /* chown first: it clears set-ID bits that chmod then restores. */
    vfs_chown(ctx, e->path, nofollow, e->uid, e->gid);
    if (!symlink)
        vfs_chmod(ctx, e->path, nofollow, e->mode);
    struct timespec t[2] = { { e->mtime, 0 }, { e->mtime, 0 } };
    vfs_utimes(ctx, e->path, nofollow, t);
}

static int initrd_unpack_entry(const struct vfs_context *ctx, const struct ustar_entry *e)
{
    initrd_make_parents(ctx, e->path);
    int rc;
    switch (e->type) {
    case USTAR_DIR:
        rc = vfs_mkdir(ctx, e->path, 0700);
        if (rc == -EEXIST) {
            struct stat st;
            rc = vfs_stat(ctx, e->path, AT_SYMLINK_NOFOLLOW, &st);
            if (rc == 0 && !S_ISDIR(st.st_mode))
                rc = -EEXIST;
        }
        if (rc == 0)
            initrd_set_attrs(ctx, e, false);
        return rc;
    case USTAR_FILE:
        rc = initrd_clear(ctx, e->path);
        if (rc == 0)
            rc = initrd_write_file(ctx, e);
        if (rc == 0)
            initrd_set_attrs(ctx, e, false);
        return rc;
    case USTAR_SYMLINK:
        rc = initrd_clear(ctx, e->path);
        if (rc == 0)
            rc = vfs_symlink(ctx, e->link_target, e->path);
        if (rc == 0)
            initrd_set_attrs(ctx, e, true);
        return rc;
    case USTAR_HARDLINK:
        rc = initrd_clear(ctx, e->path);
        if (rc == 0)
            rc = vfs_link(ctx, e->link_target, e->path, 0);
        return rc;
    case USTAR_OTHER:
        return -ENOTSUP;
    }
    return -EINVAL;
}

int initrd_unpack(const void *data, size_t len, struct inode *root)
{
    struct vfs_context ctx = { .cred = &vfs_kernel_cred, .root = root, .cwd = root, .umask = 0 };
    struct ustar_reader r;
    struct ustar_entry e;
    const char *why;
    enum ustar_status st;

    /* Pass 1: refuse a broken archive before touching anything. */
    ustar_reader_init(&r, data, len);
    for (;;) {
        size_t at = r.offset;
        st = ustar_next(&r, &e, &why);
        if (st == USTAR_END)
            break;
        if (st == USTAR_BAD_ARCHIVE) {
            printk("initrd: refusing the archive: %s at offset %zu\n", why, at);
            return -EINVAL;
        }
    }

    /* Pass 2: unpack. */
    int unpacked = 0;
    ustar_reader_init(&r, data, len);
    while ((st = ustar_next(&r, &e, &why)) == USTAR_ENTRY || st == USTAR_BAD_ENTRY) {
        if (st == USTAR_BAD_ENTRY) {
            printk("initrd: skipping \"%s\": %s\n", e.path, why);
            continue;
        }
        if (e.path[0] == '\0')
            continue;   /* "./": the root keeps its own attributes */
        int rc = initrd_unpack_entry(&ctx, &e);
        if (rc == -ENOTSUP)
            printk("initrd: skipping \"%s\": unsupported type '%c'\n", e.path, e.typeflag ? e.typeflag : '0');
        else if (rc < 0)
            printk("initrd: cannot unpack \"%s\" (error %d)\n", e.path, rc);
        else
            unpacked++;
    }

    /* Pass 3: directories got new entries after their times were set. */
    ustar_reader_init(&r, data, len);
    while ((st = ustar_next(&r, &e, &why)) == USTAR_ENTRY || st == USTAR_BAD_ENTRY) {
        if (st == USTAR_ENTRY && e.type == USTAR_DIR && e.path[0]) {
            struct timespec t[2] = { { e.mtime, 0 }, { e.mtime, 0 } };
            vfs_utimes(&ctx, e.path, AT_SYMLINK_NOFOLLOW, t);
        }
    }
    return unpacked;
}

static bool initrd_name_matches(const char *name)
{
    /* The module string may carry arguments after the file name. */
    size_t len = strcspn(name, " ");
    static const char suffix[] = "initrd.tar";
    size_t slen = sizeof(suffix) - 1;
    return len >= slen && memcmp(name + len - slen, suffix, slen) == 0;
}

int initrd_unpack_boot_module(struct inode *root)
{
    for (unsigned i = 0; i < boot_info.module_count; i++) {
        const struct boot_module *m = &boot_info.modules[i];
        if (!initrd_name_matches(m->name))
            continue;
        if (m->phys_end <= m->phys_start || m->phys_end > DIRECT_MAP_LIMIT) {
            printk("initrd: module %s is not in directly mapped memory\n", m->name);
            return -EINVAL;
        }
        int n = initrd_unpack(phys_to_virt(m->phys_start), m->phys_end - m->phys_start, root);
        if (n >= 0)
            printk("initrd: %d entries unpacked from %s\n", n, m->name);
        return n;
    }
    return -ENOENT;
}
