/* Turning inodes back into names: realpath and getcwd. */
#include "fs/mount.h"
#include "fs/path_internal.h"
#include "fs/vfs.h"
#include "fs/vfs_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include <string.h>

/* Finds the name under which `dir` lists the inode numbered `ino`. */
struct vfs_name_search {
    struct vfs_dirent_sink sink;
    ino_t ino;
    char *name;         /* NAME_MAX + 1 bytes */
    bool found;
};

static bool vfs_name_search_emit(struct vfs_dirent_sink *s, const char *name, size_t name_len,
                                 ino_t ino, unsigned char d_type, off_t next_pos)
{
    struct vfs_name_search *ns = container_of(s, struct vfs_name_search, sink);
    if (ns->found)
        return false;
    bool dots = (name_len == 1 && name[0] == '.') || (name_len == 2 && name[0] == '.' && name[1] == '.');
    if (!dots && ino == ns->ino) {
        memcpy(ns->name, name, name_len);
        ns->name[name_len] = '\0';
        ns->found = true;
        return false;
    }
    return true;
}

/* The name of child in dir, verified by looking it up again (inode numbers
 * are only unique within one fs, and child and dir share it). */
static int vfs_name_in_dir(struct inode *dir, struct inode *child, char *name)
{
    struct vfs_name_search ns = { .sink = { vfs_name_search_emit }, .ino = child->ino, .name = name };
    off_t pos = 0;
    mutex_lock(&dir->lock);
    int rc = dir->ops->getdents ? 0 : -ENOTDIR;
    while (rc == 0 && !ns.found) {
        off_t before = pos;
        rc = dir->ops->getdents(dir, &ns.sink, &pos);
        if (pos == before)
            break;
    }
    struct inode *check = NULL;
    if (rc == 0 && ns.found && vfs_lookup_locked(dir, name, &check) == 0 && check != child)
        ns.found = false;
    mutex_unlock(&dir->lock);
    if (check)
        inode_put(check);
    if (rc < 0)
        return rc;
    return ns.found ? 0 : -ENOENT;
}

/* Prepends "/name" to the path being built backwards at buf[*start..]. */
static int vfs_path_prepend(char *buf, size_t *start, const char *name)
{
    size_t len = strlen(name);
    if (len + 1 > *start)
        return -ERANGE;
    *start -= len;
    memcpy(buf + *start, name, len);
    buf[--*start] = '/';
    return 0;
}

int vfs_inode_path(const struct vfs_context *ctx, struct inode *dir, char *buf, size_t size)
{
    if (size < 2)
        return -ERANGE;
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    char *work = kmalloc(PATH_MAX);
    char *name = kmalloc(NAME_MAX + 1);
    if (!work || !name) {
        kfree(work);
        kfree(name);
        return -ENOMEM;
    }
    size_t start = PATH_MAX - 1;
    work[start] = '\0';
    struct inode *cur = inode_get(dir);
    int rc = 0;
    while (cur != ctx->root) {
        cur = mount_cross_up(cur);
        if (cur == ctx->root)
            break;
        struct inode *parent;
        mutex_lock(&cur->lock);
        rc = cur->ops->lookup(cur, "..", &parent);
        mutex_unlock(&cur->lock);
        if (rc < 0)
            break;
        if (parent == cur) {
            /* The top of the tree without meeting our root: the directory
             * lies outside the chroot and has no name from here. */
            inode_put(parent);
            rc = -ENOENT;
            break;
        }
        rc = vfs_name_in_dir(parent, cur, name);
        if (rc == 0)
            rc = vfs_path_prepend(work, &start, name);
        inode_put(cur);
        cur = parent;
        if (rc < 0)
            break;
    }
    inode_put(cur);
    if (rc == 0) {
        if (start == PATH_MAX - 1)
            work[--start] = '/';
        size_t len = PATH_MAX - 1 - start;
        if (len + 1 > size)
            rc = -ERANGE;
        else {
            memcpy(buf, work + start, len + 1);
            rc = (int)len;
        }
    }
    kfree(work);
    kfree(name);
    return rc;
}

int vfs_realpath(const struct vfs_context *ctx, const char *path, char *buf, size_t size)
{
    struct vfs_last_link ll;
    struct inode *dir = NULL, *inode = NULL;
    char name[NAME_MAX + 1];
    bool trailing;
    int rc;
    vfs_last_link_begin(&ll, ctx);
    /* Follow symlinks in the last component by hand, so that the final
     * directory and name are known: a non-directory has no ".." to climb. */
    for (;;) {
        rc = vfs_resolve_parent(&ll.ctx, path, &dir, name, &trailing);
        if (rc < 0)
            goto out;
        rc = vfs_lookup_child(&ll.ctx, dir, name, &inode);
        if (rc < 0)
            goto out;
        if (!S_ISLNK(inode->mode))
            break;
        rc = vfs_last_link_follow(&ll, inode, &dir, &path);
        if (rc < 0)
            goto out;
        inode_put(inode);
        inode = NULL;
    }
    if (S_ISDIR(inode->mode)) {
        rc = vfs_inode_path(&ll.ctx, inode, buf, size);
    } else if (trailing) {
        rc = -ENOTDIR;
    } else {
        rc = vfs_inode_path(&ll.ctx, dir, buf, size);
        if (rc >= 0) {
            size_t len = (size_t)rc, nlen = strlen(name);
            size_t sep = len > 1 ? 1 : 0;
            if (len + sep + nlen + 1 > size) {
                rc = -ERANGE;
            } else {
                if (sep)
                    buf[len] = '/';
                memcpy(buf + len + sep, name, nlen + 1);
                rc = (int)(len + sep + nlen);
            }
        }
    }
out:
    if (inode)
        inode_put(inode);
    if (dir)
        inode_put(dir);
    vfs_last_link_end(&ll);
    return rc;
}
