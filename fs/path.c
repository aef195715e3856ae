/* Path resolution: components, ".", "..", symlinks, mounts, chroot, and the
 * name cache. */
#include "fs/mount.h"
#include "fs/name_cache.h"
#include "fs/path_internal.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include <string.h>

int vfs_path_check(const char *path)
{
    if (!path)
        return -EFAULT;
    size_t len = strnlen(path, PATH_MAX);
    if (len == PATH_MAX)
        return -ENAMETOOLONG;
    if (len == 0)
        return -ENOENT;
    return 0;
}

static bool is_dot(const char *name) { return name[0] == '.' && name[1] == '\0'; }
static bool is_dotdot(const char *name) { return name[0] == '.' && name[1] == '.' && name[2] == '\0'; }
bool vfs_name_is_dot_or_dotdot(const char *name) { return is_dot(name) || is_dotdot(name); }

int vfs_lookup_child(const struct vfs_context *ctx, struct inode *dir, const char *name,
                     struct inode **out)
{
    if (is_dot(name)) {
        *out = inode_get(dir);
        return 0;
    }
    if (is_dotdot(name)) {
        if (dir == ctx->root) {
            *out = inode_get(dir);
            return 0;
        }
        struct inode *d = mount_cross_up(inode_get(dir));
        if (d == ctx->root) {
            *out = d;
            return 0;
        }
        mutex_lock(&d->lock);
        int rc = d->ops->lookup(d, "..", out);
        mutex_unlock(&d->lock);
        inode_put(d);
        return rc;
    }
    struct inode *child;
    bool cacheable = !dir->fs->volatile_names;
    if (!cacheable || name_cache_lookup(dir, name, &child) < 0) {
        mutex_lock(&dir->lock);
        int rc = dir->ops->lookup ? dir->ops->lookup(dir, name, &child) : -ENOTDIR;
        if (rc == 0 && cacheable)
            name_cache_insert(dir, name, child);
        mutex_unlock(&dir->lock);
        if (rc < 0)
            return rc;
    }
    *out = mount_cross_down(child);
    return 0;
}

/* Reads a symlink's target into a new heap buffer (NUL-terminated). */
static int vfs_read_link_target(struct inode *link, char **out)
{
    char *buf = kmalloc(PATH_MAX);
    if (!buf)
        return -ENOMEM;
    mutex_lock(&link->lock);
    ssize_t n = link->ops->readlink ? link->ops->readlink(link, buf, PATH_MAX - 1) : -EINVAL;
    mutex_unlock(&link->lock);
    if (n < 0) {
        kfree(buf);
        return (int)n;
    }
    if (n == 0) {
        kfree(buf);
        return -ENOENT;
    }
    buf[n] = '\0';
    *out = buf;
    return 0;
}

/* Replaces the walk's path by the link's target followed by `rest` (what
 * came after the link in the old path) in a new heap buffer. */
static int vfs_splice_link(struct inode *link, const char *rest, char **buf_out)
{
    char *target;
    int rc = vfs_read_link_target(link, &target);
    if (rc < 0)
        return rc;
    size_t tlen = strlen(target), rlen = strlen(rest);
    if (tlen + rlen >= PATH_MAX) {
        kfree(target);
        return -ENAMETOOLONG;
    }
    memcpy(target + tlen, rest, rlen + 1);
    *buf_out = target;
    return 0;
}

/* Iterative, so that 40 nested symlinks cost no kernel stack: a symlink
 * met on the way is spliced into the remaining path, and the walk goes on
 * from the directory that holds it (or from the root). */
int vfs_walk(struct vfs_walk *w, struct inode *start, const char *path, unsigned flags,
             struct inode **out, char *last_name, bool *trailing_slash)
{
    int rc = vfs_path_check(path);
    if (rc < 0)
        return rc;
    struct inode *cur = inode_get(path[0] == '/' ? w->ctx->root : start);
    char *owned = NULL;     /* the current path when a symlink rewrote it */
    const char *p = path;
    char name[NAME_MAX + 1];
    bool trailing = false;
    for (;;) {
        while (*p == '/')
            p++;
        if (*p == '\0')
            break;
        const char *end = p;
        while (*end && *end != '/')
            end++;
        size_t len = (size_t)(end - p);
        if (len > NAME_MAX) {
            rc = -ENAMETOOLONG;
            goto fail;
        }
        memcpy(name, p, len);
        name[len] = '\0';
        const char *rest = end;
        while (*rest == '/')
            rest++;
        bool last = *rest == '\0';
        trailing = last && end != rest;

        if (!S_ISDIR(cur->mode)) {
            rc = -ENOTDIR;
            goto fail;
        }
        rc = vfs_permission(w->ctx->cred, cur, X_OK);
        if (rc < 0)
            goto fail;
        if (last && last_name) {
            memcpy(last_name, name, len + 1);
            *trailing_slash = trailing;
            kfree(owned);
            *out = cur;
            return 0;
        }
        struct inode *next;
        rc = vfs_lookup_child(w->ctx, cur, name, &next);
        if (rc < 0)
            goto fail;
        if (S_ISLNK(next->mode) && (!last || trailing || (flags & VFS_LOOKUP_FOLLOW))) {
            char *spliced = NULL;
            rc = --w->links_left < 0 ? -ELOOP : vfs_splice_link(next, end, &spliced);
            inode_put(next);
            if (rc < 0)
                goto fail;
            kfree(owned);
            owned = spliced;
            p = spliced;
            if (p[0] == '/') {
                inode_put(cur);
                cur = inode_get(w->ctx->root);
            }
            continue;
        }
        inode_put(cur);
        cur = next;
        p = rest;
    }
    kfree(owned);
    owned = NULL;
    if (last_name) {
        /* Only slashes (or nothing) after the start: "/" names the root. */
        memcpy(last_name, ".", 2);
        *trailing_slash = false;
        *out = cur;
        return 0;
    }
    if ((flags & VFS_LOOKUP_DIRECTORY) || trailing) {
        if (!S_ISDIR(cur->mode)) {
            rc = -ENOTDIR;
            goto fail;
        }
    }
    *out = cur;
    return 0;
fail:
    kfree(owned);
    inode_put(cur);
    return rc;
}

int vfs_resolve(const struct vfs_context *ctx, const char *path, unsigned flags, struct inode **out)
{
    struct vfs_walk w = { .ctx = ctx, .links_left = SYMLOOP_MAX };
    return vfs_walk(&w, ctx->cwd, path, flags, out, NULL, NULL);
}

int vfs_resolve_parent(const struct vfs_context *ctx, const char *path, struct inode **parent,
                       char *name, bool *trailing_slash)
{
    struct vfs_walk w = { .ctx = ctx, .links_left = SYMLOOP_MAX };
    return vfs_walk(&w, ctx->cwd, path, 0, parent, name, trailing_slash);
}

void vfs_last_link_begin(struct vfs_last_link *ll, const struct vfs_context *ctx)
{
    ll->ctx = *ctx;
    ll->own_cwd = false;
    ll->target = NULL;
    ll->links_left = SYMLOOP_MAX;
}

int vfs_last_link_follow(struct vfs_last_link *ll, struct inode *link, struct inode **dir,
                         const char **path)
{
    if (--ll->links_left < 0)
        return -ELOOP;
    char *target;
    int rc = vfs_read_link_target(link, &target);
    if (rc < 0)
        return rc;
    kfree(ll->target);
    ll->target = target;
    *path = target;
    if (ll->own_cwd)
        inode_put(ll->ctx.cwd);
    ll->own_cwd = true;
    ll->ctx.cwd = *dir;
    *dir = NULL;
    return 0;
}

void vfs_last_link_end(struct vfs_last_link *ll)
{
    if (ll->own_cwd)
        inode_put(ll->ctx.cwd);
    kfree(ll->target);
}
