/* Unveiled paths are kept canonical (absolute, from the process's root, no
 * symlinks, no "." or ".."), so checking a path is a longest-prefix match
 * on its canonical form. */
#include "kernel/unveil.h"
#include "fs/vfs.h"
#include "kernel/api/limits.h"
#include "kernel/errno.h"
#include "kernel/process.h"
#include "mm/heap.h"
#include <string.h>

struct unveil_entry {
    struct list_node node;
    unsigned perms;
    char path[];
};

void unveil_init(struct unveil_state *u)
{
    u->active = false;
    u->locked = false;
    list_init(&u->entries);
}

static struct unveil_entry *unveil_entry_new(const char *path, unsigned perms)
{
    size_t len = strlen(path) + 1;
    struct unveil_entry *e = kmalloc(sizeof(*e) + len);
    if (!e)
        return NULL;
    list_init(&e->node);
    e->perms = perms;
    memcpy(e->path, path, len);
    return e;
}

static void unveil_free_entries(struct list_node *entries)
{
    list_for_each_safe(n, tmp, entries) {
        list_remove(n);
        kfree(list_entry(n, struct unveil_entry, node));
    }
}

void unveil_clear(struct process *p)
{
    struct list_node gone;
    list_init(&gone);
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    if (!list_empty(&p->unveil.entries)) {
        /* Move the list out so the entries are freed without the lock. */
        list_insert_between(&gone, p->unveil.entries.prev, p->unveil.entries.next);
        list_init(&p->unveil.entries);
    }
    p->unveil.active = false;
    p->unveil.locked = false;
    spin_unlock_irqrestore(&p->lock, fl);
    unveil_free_entries(&gone);
}

int unveil_copy(struct process *child, struct process *parent)
{
    /* Entries only change in the parent's own unveil calls, which cannot
     * run while it forks; allocation happens without the lock. */
    list_for_each(n, &parent->unveil.entries) {
        const struct unveil_entry *e = list_entry(n, struct unveil_entry, node);
        struct unveil_entry *copy = unveil_entry_new(e->path, e->perms);
        if (!copy) {
            unveil_free_entries(&child->unveil.entries);
            return -ENOMEM;
        }
        list_push_back(&child->unveil.entries, &copy->node);
    }
    child->unveil.active = parent->unveil.active;
    child->unveil.locked = parent->unveil.locked;
    return 0;
}

/* The canonical form of path into buf: realpath when it exists, else its
 * parent's realpath plus the last name (for files about to be created). */
static int unveil_canonical(const struct vfs_context *ctx, const char *path, char *buf, size_t size)
{
    int rc = vfs_realpath(ctx, path, buf, size);
    if (rc != -ENOENT)
        return rc < 0 ? rc : 0;
    struct inode *dir;
    char name[NAME_MAX + 1];
    bool trailing;
    rc = vfs_resolve_parent(ctx, path, &dir, name, &trailing);
    if (rc < 0)
        return rc;
    rc = vfs_inode_path(ctx, dir, buf, size);
    inode_put(dir);
    if (rc < 0)
        return rc;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return -ENOENT;
    if (strcmp(buf, "/") != 0 && strlcat(buf, "/", size) >= size)
        return -ENAMETOOLONG;
    if (strlcat(buf, name, size) >= size)
        return -ENAMETOOLONG;
    return 0;
}

/* Whether `prefix` covers `path` at a component boundary. */
static bool unveil_covers(const char *prefix, const char *path)
{
    size_t n = strlen(prefix);
    if (strcmp(prefix, "/") == 0)
        return true;
    return strncmp(prefix, path, n) == 0 && (path[n] == 0 || path[n] == '/');
}

int unveil_check(struct process *p, const struct vfs_context *ctx, const char *path, unsigned need)
{
    if (!p->unveil.active)
        return 0;
    char *canonical = kmalloc(PATH_MAX);
    if (!canonical)
        return -ENOMEM;
    int rc = unveil_canonical(ctx, path, canonical, PATH_MAX);
    if (rc == 0) {
        size_t best = 0;
        int perms = -1;
        irqflags_t fl = spin_lock_irqsave(&p->lock);
        list_for_each(n, &p->unveil.entries) {
            const struct unveil_entry *e = list_entry(n, struct unveil_entry, node);
            size_t len = strlen(e->path);
            if (unveil_covers(e->path, canonical) && (perms < 0 || len > best)) {
                best = len;
                perms = (int)e->perms;
            }
        }
        spin_unlock_irqrestore(&p->lock, fl);
        if (perms < 0)
            rc = -ENOENT;
        else if (((unsigned)perms & need) != need)
            rc = -EACCES;
    } else if (rc != -ENOMEM) {
        rc = -ENOENT;   /* whatever does not resolve is not visible either */
    }
    kfree(canonical);
    return rc;
}

static int unveil_parse_perms(const char *text, unsigned *out)
{
    unsigned perms = 0;
    for (const char *c = text; *c; c++) {
        switch (*c) {
        case 'r': perms |= UNVEIL_READ; break;
        case 'w': perms |= UNVEIL_WRITE; break;
        case 'x': perms |= UNVEIL_EXEC; break;
        case 'c': perms |= UNVEIL_CREATE; break;
        default: return -EINVAL;
        }
    }
    *out = perms;
    return 0;
}

/* Adds or narrows the entry for a canonical path. */
int unveil_add(struct process *p, const char *canonical, const char *perms_text)
{
    unsigned perms;
    int rc = unveil_parse_perms(perms_text, &perms);
    if (rc < 0)
        return rc;
    struct unveil_entry *fresh = unveil_entry_new(canonical, perms);
    if (!fresh)
        return -ENOMEM;
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    if (p->unveil.locked) {
        rc = -EPERM;
    } else {
        list_for_each(n, &p->unveil.entries) {
            struct unveil_entry *e = list_entry(n, struct unveil_entry, node);
            if (strcmp(e->path, canonical) == 0) {
                /* An unveiled path may lose permissions, never gain them. */
                rc = (perms & ~e->perms) ? -EPERM : 1;
                if (rc == 1)
                    e->perms = perms;
                break;
            }
        }
        if (rc == 0) {
            list_push_back(&p->unveil.entries, &fresh->node);
            fresh = NULL;
        }
        if (rc >= 0)
            p->unveil.active = true;
    }
    spin_unlock_irqrestore(&p->lock, fl);
    kfree(fresh);
    return rc < 0 ? rc : 0;
}

int unveil_lock(struct process *p)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    int rc = p->unveil.locked ? -EPERM : 0;
    p->unveil.locked = true;
    spin_unlock_irqrestore(&p->lock, fl);
    return rc;
}

int unveil_canonical_path(const struct vfs_context *ctx, const char *path, char *buf, size_t size)
{
    return unveil_canonical(ctx, path, buf, size);
}
