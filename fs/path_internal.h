/* Path-walk internals shared by the VFS core files (not for other code). */
#ifndef FS_PATH_INTERNAL_H
#define FS_PATH_INTERNAL_H
#include <stdbool.h>
#include "fs/vfs.h"

struct vfs_walk {
    const struct vfs_context *ctx;
    int links_left;             /* symlinks that may still be followed */
};

/* -ENAMETOOLONG / -ENOENT (empty) / -EFAULT (NULL) or 0. */
int vfs_path_check(const char *path);
bool vfs_name_is_dot_or_dotdot(const char *name);
/* Walks path from start (relative paths) or ctx->root. With last_name set,
 * stops before the last component: *out is then its directory and the name
 * is copied out (see vfs_resolve_parent). */
int vfs_walk(struct vfs_walk *w, struct inode *start, const char *path, unsigned flags,
             struct inode **out, char *last_name, bool *trailing_slash);
/* One step from directory dir (search permission already checked): handles
 * ".", ".." (chroot ceiling, mounts), the name cache and mounts below. */
int vfs_lookup_child(const struct vfs_context *ctx, struct inode *dir, const char *name,
                     struct inode **out);

/* Symlinks met as the last component, followed by hand where the caller
 * must see the final directory and name (open with O_CREAT, realpath):
 * each link's target is resolved next, relative to the link's directory. */
struct vfs_last_link {
    struct vfs_context ctx;     /* the caller's, cwd moved to the last link's directory */
    bool own_cwd;               /* ctx.cwd holds a reference of ours */
    char *target;               /* the path being resolved once a link was met */
    int links_left;
};
void vfs_last_link_begin(struct vfs_last_link *ll, const struct vfs_context *ctx);
/* Makes link's target the path to resolve next (*path), relative to *dir,
 * whose reference moves into ll->ctx.cwd (*dir becomes NULL). Neither moves
 * on an error: -ELOOP past SYMLOOP_MAX links, or the link's own. */
int vfs_last_link_follow(struct vfs_last_link *ll, struct inode *link, struct inode **dir,
                         const char **path);
void vfs_last_link_end(struct vfs_last_link *ll);
#endif
