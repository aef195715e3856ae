/* ramfs directories: a hash table of entries for lookups, threaded on a
 * list in creation order for getdents (whose positions are the entries'
 * cookies, so removing an entry never makes a reader skip or repeat). */
#include "fs/ramfs_internal.h"
#include "fs/vfs.h"
#include "kernel/api/dirent.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include <string.h>

#define RAMFS_MIN_BUCKETS 8
#define RAMFS_FIRST_COOKIE 2    /* 0 and 1 are "." and ".." */

static uint32_t ramfs_name_hash(const char *name, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)name[i];
        h *= 16777619u;
    }
    return h;
}

void ramfs_dir_init(struct ramfs_inode *dir)
{
    list_init(&dir->dir.entries);
    dir->dir.buckets = NULL;
    dir->dir.nbuckets = 0;
    dir->dir.count = 0;
    dir->dir.next_cookie = RAMFS_FIRST_COOKIE;
    dir->dir.parent = NULL;
}

void ramfs_dir_free(struct ramfs_inode *dir)
{
    ASSERT(dir->dir.count == 0);
    kfree(dir->dir.buckets);
    dir->dir.buckets = NULL;
}

static void ramfs_assert_dir_locked(struct inode *dir)
{
    ASSERT(mutex_is_held(&dir->lock) || mutex_is_held(&dir->fs->ns_lock));
}

static struct ramfs_dirent *ramfs_dir_find(struct ramfs_inode *dir, const char *name)
{
    if (!dir->dir.nbuckets)
        return NULL;
    size_t len = strlen(name);
    uint32_t h = ramfs_name_hash(name, len);
    for (struct ramfs_dirent *e = dir->dir.buckets[h & (dir->dir.nbuckets - 1)]; e; e = e->hash_next)
        if (e->hash == h && e->name_len == len && memcmp(e->name, name, len) == 0)
            return e;
    return NULL;
}

/* Grows the bucket array when entries outnumber buckets two to one. A
 * failure to grow only makes chains longer, unless there is no array. */
static int ramfs_dir_grow(struct ramfs_inode *dir)
{
    uint32_t n = dir->dir.nbuckets;
    if (n && dir->dir.count < n * 2)
        return 0;
    uint32_t new_n = n ? n * 2 : RAMFS_MIN_BUCKETS;
    struct ramfs_dirent **b = kcalloc(new_n, sizeof(*b));
    if (!b)
        return n ? 0 : -ENOMEM;
    for (uint32_t i = 0; i < n; i++) {
        struct ramfs_dirent *e = dir->dir.buckets[i];
        while (e) {
            struct ramfs_dirent *next = e->hash_next;
            e->hash_next = b[e->hash & (new_n - 1)];
            b[e->hash & (new_n - 1)] = e;
            e = next;
        }
    }
    kfree(dir->dir.buckets);
    dir->dir.buckets = b;
    dir->dir.nbuckets = new_n;
    return 0;
}

/* Adds name -> inode, taking an internal reference on inode. */
static int ramfs_dir_insert(struct ramfs_inode *dir, const char *name, struct inode *inode)
{
    size_t len = strlen(name);
    ASSERT(len > 0 && len <= NAME_MAX);
    int rc = ramfs_dir_grow(dir);
    if (rc < 0)
        return rc;
    struct ramfs_dirent *e = kmalloc(sizeof(*e) + len + 1);
    if (!e)
        return -ENOMEM;
    memcpy(e->name, name, len + 1);
    e->name_len = (uint16_t)len;
    e->hash = ramfs_name_hash(name, len);
    e->cookie = dir->dir.next_cookie++;
    e->inode = inode_get_internal(inode);
    uint32_t b = e->hash & (dir->dir.nbuckets - 1);
    e->hash_next = dir->dir.buckets[b];
    dir->dir.buckets[b] = e;
    list_push_back(&dir->dir.entries, &e->order);
    dir->dir.count++;
    return 0;
}

/* Removes the entry; its reference on the inode is the caller's to drop. */
static void ramfs_dir_remove(struct ramfs_inode *dir, struct ramfs_dirent *e)
{
    struct ramfs_dirent **pp = &dir->dir.buckets[e->hash & (dir->dir.nbuckets - 1)];
    while (*pp != e)
        pp = &(*pp)->hash_next;
    *pp = e->hash_next;
    list_remove(&e->order);
    dir->dir.count--;
    kfree(e);
}

static void ramfs_touch(struct inode *inode)
{
    vfs_now(&inode->mtime);
    inode->ctime = inode->mtime;
}

static int ramfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
    ramfs_assert_dir_locked(dir);
    struct ramfs_inode *rd = ramfs_inode(dir);
    if (strcmp(name, "..") == 0) {
        if (rd->dir.parent)
            *out = inode_get(rd->dir.parent);
        else if (dir == dir->fs->root)
            *out = inode_get(dir);
        else
            return -ENOENT;     /* removed */
        return 0;
    }
    struct ramfs_dirent *e = ramfs_dir_find(rd, name);
    if (!e)
        return -ENOENT;
    *out = inode_get(e->inode);
    return 0;
}

/* A new inode entered in dir under name; the caller sets its links. */
static int ramfs_new_entry(struct inode *dir, const char *name, const struct vfs_new_node *node,
                           struct ramfs_inode **out)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    struct ramfs_inode *ri;
    int rc = ramfs_new_inode(ramfs_of(dir->fs), node, &ri);
    if (rc < 0)
        return rc;
    rc = ramfs_dir_insert(ramfs_inode(dir), name, &ri->vfs);
    if (rc < 0) {
        inode_put(&ri->vfs);
        return rc;
    }
    *out = ri;
    return 0;
}

static int ramfs_create_node(struct inode *dir, const char *name, const struct vfs_new_node *node,
                             struct inode **out)
{
    struct ramfs_inode *ri;
    int rc = ramfs_new_entry(dir, name, node, &ri);
    if (rc < 0)
        return rc;
    ri->vfs.nlink = 1;
    ramfs_touch(dir);
    *out = &ri->vfs;
    return 0;
}

static int ramfs_mkdir(struct inode *dir, const char *name, const struct vfs_new_node *node,
                       struct inode **out)
{
    struct ramfs_inode *ri;
    int rc = ramfs_new_entry(dir, name, node, &ri);
    if (rc < 0)
        return rc;
    ri->vfs.nlink = 2;
    ri->dir.parent = inode_get_internal(dir);
    dir->nlink++;
    ramfs_touch(dir);
    *out = &ri->vfs;
    return 0;
}

static int ramfs_link(struct inode *dir, const char *name, struct inode *target)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    ASSERT_MUTEX_HELD(&target->lock);
    int rc = ramfs_dir_insert(ramfs_inode(dir), name, target);
    if (rc < 0)
        return rc;
    target->nlink++;
    vfs_now(&target->ctime);
    ramfs_touch(dir);
    return 0;
}

static int ramfs_unlink(struct inode *dir, const char *name, struct inode *victim)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    ASSERT_MUTEX_HELD(&victim->lock);
    struct ramfs_inode *rd = ramfs_inode(dir);
    struct ramfs_dirent *e = ramfs_dir_find(rd, name);
    ASSERT(e && e->inode == victim);
    ramfs_dir_remove(rd, e);
    victim->nlink--;
    vfs_now(&victim->ctime);
    ramfs_touch(dir);
    /* The caller holds its own reference, so this never frees victim. */
    inode_put_internal(victim);
    return 0;
}

/* A directory leaves the tree: it loses its ".." and its link count. */
static void ramfs_dir_detach(struct ramfs_inode *victim, struct inode *parent)
{
    ASSERT(victim->dir.parent == parent);
    victim->dir.parent = NULL;
    victim->vfs.nlink = 0;
    parent->nlink--;
    inode_put_internal(parent);
}

static int ramfs_rmdir(struct inode *dir, const char *name, struct inode *victim)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    ASSERT_MUTEX_HELD(&victim->lock);
    struct ramfs_inode *rd = ramfs_inode(dir), *rv = ramfs_inode(victim);
    if (rv->dir.count)
        return -ENOTEMPTY;
    struct ramfs_dirent *e = ramfs_dir_find(rd, name);
    ASSERT(e && e->inode == victim);
    ramfs_dir_remove(rd, e);
    ramfs_dir_detach(rv, dir);
    vfs_now(&victim->ctime);
    ramfs_touch(dir);
    inode_put_internal(victim);
    return 0;
}

static int ramfs_rename(struct inode *old_dir, const char *old_name, struct inode *inode,
                        struct inode *new_dir, const char *new_name, struct inode *replaced)
{
    ASSERT_MUTEX_HELD(&old_dir->fs->ns_lock);
    struct ramfs_inode *rod = ramfs_inode(old_dir), *rnd = ramfs_inode(new_dir);
    struct ramfs_dirent *old_e = ramfs_dir_find(rod, old_name);
    ASSERT(old_e && old_e->inode == inode);
    if (replaced) {
        struct ramfs_dirent *new_e = ramfs_dir_find(rnd, new_name);
        ASSERT(new_e && new_e->inode == replaced);
        if (S_ISDIR(replaced->mode) && ramfs_inode(replaced)->dir.count)
            return -ENOTEMPTY;
        /* The entry now names inode: old_e's reference moves into it. */
        new_e->inode = inode;
        ramfs_dir_remove(rod, old_e);
        if (S_ISDIR(replaced->mode))
            ramfs_dir_detach(ramfs_inode(replaced), new_dir);
        else
            replaced->nlink--;
        vfs_now(&replaced->ctime);
        inode_put_internal(replaced);
    } else {
        int rc = ramfs_dir_insert(rnd, new_name, inode);
        if (rc < 0)
            return rc;
        ramfs_dir_remove(rod, old_e);
        inode_put_internal(inode);
    }
    if (S_ISDIR(inode->mode) && old_dir != new_dir) {
        struct ramfs_inode *ri = ramfs_inode(inode);
        ASSERT(ri->dir.parent == old_dir);
        ri->dir.parent = inode_get_internal(new_dir);
        new_dir->nlink++;
        old_dir->nlink--;
        inode_put_internal(old_dir);
    }
    vfs_now(&inode->ctime);
    ramfs_touch(old_dir);
    if (new_dir != old_dir)
        ramfs_touch(new_dir);
    return 0;
}

static int ramfs_getdents(struct inode *dir, struct vfs_dirent_sink *sink, off_t *pos)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    struct ramfs_inode *rd = ramfs_inode(dir);
    if (dir->nlink == 0)
        return 0;   /* a removed directory lists nothing, not even dots */
    if (*pos == 0) {
        if (!sink->emit(sink, ".", 1, dir->ino, DT_DIR, 1))
            return 0;
        *pos = 1;
    }
    if (*pos == 1) {
        ino_t up = rd->dir.parent ? rd->dir.parent->ino : dir->ino;
        if (!sink->emit(sink, "..", 2, up, DT_DIR, RAMFS_FIRST_COOKIE))
            return 0;
        *pos = RAMFS_FIRST_COOKIE;
    }
    list_for_each(n, &rd->dir.entries) {
        struct ramfs_dirent *e = list_entry(n, struct ramfs_dirent, order);
        if (e->cookie < *pos)
            continue;
        if (!sink->emit(sink, e->name, e->name_len, e->inode->ino, inode_dirent_type(e->inode->mode),
                        e->cookie + 1))
            return 0;
        *pos = e->cookie + 1;
    }
    return 0;
}

void ramfs_dir_teardown(struct ramfs_inode *dir)
{
    struct list_node *n;
    while ((n = list_pop_front(&dir->dir.entries))) {
        /* list_pop_front took it off the order list; put it back so that
         * ramfs_dir_remove can take it off both. */
        struct ramfs_dirent *e = list_entry(n, struct ramfs_dirent, order);
        list_push_front(&dir->dir.entries, &e->order);
        struct inode *child = e->inode;
        if (S_ISDIR(child->mode)) {
            ramfs_dir_teardown(ramfs_inode(child));
            ramfs_dir_detach(ramfs_inode(child), &dir->vfs);
        } else {
            child->nlink--;
        }
        ramfs_dir_remove(dir, e);
        inode_put_internal(child);
    }
}

const struct inode_ops ramfs_dir_ops = {
    .lookup = ramfs_lookup,
    .create = ramfs_create_node,
    .mkdir = ramfs_mkdir,
    .link = ramfs_link,
    .unlink = ramfs_unlink,
    .rmdir = ramfs_rmdir,
    .rename = ramfs_rename,
    .getdents = ramfs_getdents,
};
