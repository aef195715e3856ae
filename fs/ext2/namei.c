/* Changes to the name space: creating, linking, unlinking, renaming.
 * Orders of writes are chosen so that a crash between two of them leaves
 * at worst an extra link or a leaked inode (which e2fsck repairs), never an
 * entry naming a freed inode. */
#include "fs/ext2/ext2_internal.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include <string.h>

#define EXT2_LINK_MAX   32000

static bool ext2_is_dir(const struct ext2_node *n) { return (n->raw.i_mode & 0xF000) == 0x4000; }

static void ext2_touch_ctime(struct ext2_node *n) { n->raw.i_ctime = ext2_now(); }

int ext2_lookup(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *out)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    size_t len = strlen(name);
    uint32_t ino;
    uint8_t type;
    int rc = ext2_dir_find(fs, dir, name, len, &ino, &type);
    if (rc < 0)
        return rc;
    if (len == 1 && name[0] == '.' && ino != dir->ino)
        return ext2_error(fs, "directory inode %u: \".\" names inode %u", dir->ino, ino);
    rc = ext2_node_load(fs, ino, out);
    if (rc < 0)
        return rc;
    if (ext2_is_dir(out) && !(len <= 2 && name[0] == '.' && (len == 1 || name[1] == '.'))) {
        /* A directory has one parent; another link to it would make the
         * tree a graph that walks up or down may never leave. */
        uint32_t parent;
        rc = ext2_dir_parent(fs, out, &parent);
        if (rc == 0 && parent != dir->ino)
            rc = ext2_error(fs, "directory inode %u is entered from inode %u but its \"..\" names %u", ino,
                            dir->ino, parent);
    }
    return rc;
}

int ext2_create(struct ext2_fs *fs, struct ext2_node *dir, const char *name, const struct ext2_new *what,
                struct ext2_node *out)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    bool is_dir = (what->mode & 0xF000) == 0x4000;
    if (is_dir && dir->raw.i_links_count >= EXT2_LINK_MAX)
        return -EMLINK;
    size_t len = strlen(name);
    if (len > EXT2_NAME_LEN)
        return -ENAMETOOLONG;
    int rc = ext2_node_create(fs, dir->ino, what->mode, what->uid, what->gid, out);
    if (rc < 0)
        return rc;
    switch (what->mode & 0xF000) {
    case 0x4000:
        out->raw.i_links_count = 2;
        rc = ext2_dir_init(fs, out, dir->ino);
        break;
    case 0xA000:
        rc = ext2_symlink_write(fs, out, what->symlink, strlen(what->symlink));
        break;
    case 0x2000:
    case 0x6000:
        ext2_node_set_rdev(out, what->rdev_major, what->rdev_minor);
        rc = ext2_node_store(fs, out);
        break;
    }
    if (rc == 0)
        rc = ext2_dir_add(fs, dir, name, len, out->ino, ext2_mode_to_ftype(what->mode));
    if (rc < 0) {
        out->raw.i_links_count = 0;
        ext2_node_delete(fs, out);
        return rc;
    }
    if (is_dir) {
        dir->raw.i_links_count++;
        rc = ext2_node_store(fs, dir);
    }
    return rc;
}

int ext2_link(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *target)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    if (target->raw.i_links_count >= EXT2_LINK_MAX)
        return -EMLINK;
    /* The count first: a crash after it leaves one link too many, which is
     * safe, where the other order could free an inode still named. */
    target->raw.i_links_count++;
    ext2_touch_ctime(target);
    int rc = ext2_node_store(fs, target);
    if (rc == 0)
        rc = ext2_dir_add(fs, dir, name, strlen(name), target->ino, ext2_mode_to_ftype(target->raw.i_mode));
    if (rc < 0) {
        target->raw.i_links_count--;
        ext2_node_store(fs, target);
    }
    return rc;
}

static int ext2_drop_link(struct ext2_fs *fs, struct ext2_node *victim)
{
    if (victim->raw.i_links_count == 0)
        return ext2_error(fs, "inode %u already has no links", victim->ino);
    victim->raw.i_links_count--;
    ext2_touch_ctime(victim);
    return ext2_node_store(fs, victim);
}

int ext2_unlink(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *victim)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_dir_remove(fs, dir, name, strlen(name));
    if (rc < 0)
        return rc;
    return ext2_drop_link(fs, victim);
}

int ext2_rmdir(struct ext2_fs *fs, struct ext2_node *dir, const char *name, struct ext2_node *victim)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    int rc = ext2_dir_is_empty(fs, victim);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return -ENOTEMPTY;
    rc = ext2_dir_remove(fs, dir, name, strlen(name));
    if (rc < 0)
        return rc;
    /* Its entry in dir and its own "." go; its ".." no longer counts on dir. */
    victim->raw.i_links_count = 0;
    ext2_touch_ctime(victim);
    rc = ext2_node_store(fs, victim);
    if (dir->raw.i_links_count > 1)
        dir->raw.i_links_count--;
    int err = ext2_node_store(fs, dir);
    return rc ? rc : err;
}

int ext2_rename(struct ext2_fs *fs, struct ext2_node *old_dir, const char *old_name, struct ext2_node *node,
                struct ext2_node *new_dir, const char *new_name, struct ext2_node *replaced)
{
    ASSERT_MUTEX_HELD(&fs->lock);
    bool is_dir = ext2_is_dir(node);
    uint8_t ftype = ext2_mode_to_ftype(node->raw.i_mode);
    size_t new_len = strlen(new_name);
    int rc;
    if (replaced == node)
        return 0;
    if (is_dir && old_dir != new_dir && !replaced && new_dir->raw.i_links_count >= EXT2_LINK_MAX)
        return -EMLINK;
    if (replaced) {
        bool replaced_dir = ext2_is_dir(replaced);
        if (replaced_dir) {
            rc = ext2_dir_is_empty(fs, replaced);
            if (rc < 0)
                return rc;
            if (rc == 0)
                return -ENOTEMPTY;
        }
        /* In place: new_name names the old inode or the new one, never
         * nothing, whatever happens. */
        rc = ext2_dir_retarget(fs, new_dir, new_name, new_len, node->ino, ftype);
        if (rc < 0)
            return rc;
        if (replaced_dir) {
            replaced->raw.i_links_count = 0;
            ext2_touch_ctime(replaced);
            rc = ext2_node_store(fs, replaced);
            if (new_dir->raw.i_links_count > 1)
                new_dir->raw.i_links_count--;
        } else {
            rc = ext2_drop_link(fs, replaced);
        }
        if (rc < 0)
            return rc;
    } else {
        rc = ext2_dir_add(fs, new_dir, new_name, new_len, node->ino, ftype);
        if (rc < 0)
            return rc;
    }
    rc = ext2_dir_remove(fs, old_dir, old_name, strlen(old_name));
    if (rc < 0)
        return rc;
    if (is_dir && old_dir != new_dir) {
        rc = ext2_dir_set_parent(fs, node, new_dir->ino);
        if (rc < 0)
            return rc;
        if (old_dir->raw.i_links_count > 1)
            old_dir->raw.i_links_count--;
        new_dir->raw.i_links_count++;
    }
    ext2_touch_ctime(node);
    rc = ext2_node_store(fs, node);
    int err = ext2_node_store(fs, old_dir);
    if (rc == 0)
        rc = err;
    err = ext2_node_store(fs, new_dir);
    return rc ? rc : err;
}
