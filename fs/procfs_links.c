/* procfs: the targets of self, cwd, exe and fd/N, that is, names for
 * inodes. Directories know their parents, so their paths come from
 * vfs_inode_path. Other files do not know where they are linked: their
 * directory is found by a breadth-first search of their file system,
 * bounded so that a huge tree costs a bounded amount of work. Files with
 * no name at all (pipes, files of unmounted or searched-out file systems)
 * get a descriptive pseudo-name instead. */
#include "fs/mount.h"
#include "fs/procfs_internal.h"
#include "fs/vfs.h"
#include "kernel/api/dirent.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/list.h"
#include "kernel/panic.h"
#include "kernel/process.h"
#include "mm/heap.h"
#include <string.h>

/* The search gives up after this many directory entries or directories
 * waiting to be searched. */
#define PROCFS_SEARCH_ENTRIES_MAX 4096
#define PROCFS_SEARCH_QUEUE_MAX   256

struct procfs_search {
    struct vfs_dirent_sink sink;
    struct inode *dir;              /* being listed; its lock is held */
    struct inode *target;
    struct inode *queue[PROCFS_SEARCH_QUEUE_MAX];   /* references */
    size_t head, tail;
    size_t entries_seen;
    bool found, exhausted;
    char name[NAME_MAX + 1];        /* the target's name in dir, when found */
};

/* Called with s->dir locked, so looking up its entries is allowed. */
static bool procfs_search_emit(struct vfs_dirent_sink *sink, const char *name, size_t name_len, ino_t ino,
                               unsigned char d_type, off_t next_pos)
{
    (void)next_pos;
    struct procfs_search *s = container_of(sink, struct procfs_search, sink);
    ASSERT_MUTEX_HELD(&s->dir->lock);
    if (s->found || s->exhausted)
        return false;
    if (++s->entries_seen > PROCFS_SEARCH_ENTRIES_MAX) {
        s->exhausted = true;
        return false;
    }
    bool dots = (name_len == 1 && name[0] == '.') || (name_len == 2 && name[0] == '.' && name[1] == '.');
    bool candidate = ino == s->target->ino && d_type != DT_DIR;
    if (dots || name_len > NAME_MAX || (!candidate && d_type != DT_DIR))
        return true;
    char local[NAME_MAX + 1];
    memcpy(local, name, name_len);
    local[name_len] = '\0';
    struct inode *child;
    if (s->dir->ops->lookup(s->dir, local, &child) < 0)
        return true;    /* removed meanwhile */
    if (child == s->target) {
        memcpy(s->name, local, name_len + 1);
        s->found = true;
        inode_put(child);
        return false;
    }
    if (S_ISDIR(child->mode) && s->tail - s->head < PROCFS_SEARCH_QUEUE_MAX) {
        s->queue[s->tail++ % PROCFS_SEARCH_QUEUE_MAX] = child;
        return true;
    }
    if (S_ISDIR(child->mode))
        s->exhausted = true;
    inode_put(child);
    return !s->exhausted;
}

/* Finds a directory that lists target; *dir_out gets a reference and
 * name its name there. Shallow names win, as breadth-first finds them. */
static int procfs_find_name(struct inode *target, struct inode **dir_out, char *name)
{
    struct vfs_fs *fs = target->fs;
    if (!fs->root)
        return -ENOENT;
    struct procfs_search *s = kzalloc(sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->sink.emit = procfs_search_emit;
    s->target = target;
    s->queue[s->tail++] = inode_get(fs->root);
    int rc = -ENOENT;
    while (s->head != s->tail && !s->found && !s->exhausted) {
        struct inode *dir = s->queue[s->head++ % PROCFS_SEARCH_QUEUE_MAX];
        /* Names under a mount point are hidden by what is mounted there. */
        if (dir->ops->getdents && !mount_is_covered(dir)) {
            off_t pos = 0;
            mutex_lock(&dir->lock);
            s->dir = dir;
            for (;;) {
                off_t before = pos;
                if (dir->ops->getdents(dir, &s->sink, &pos) < 0 || pos == before || s->found || s->exhausted)
                    break;
            }
            s->dir = NULL;
            mutex_unlock(&dir->lock);
        }
        if (s->found) {
            *dir_out = dir;
            memcpy(name, s->name, strlen(s->name) + 1);
            rc = 0;
        } else {
            inode_put(dir);
        }
    }
    while (s->head != s->tail)
        inode_put(s->queue[s->head++ % PROCFS_SEARCH_QUEUE_MAX]);
    kfree(s);
    return rc;
}

/* The absolute path of a directory, from the global root. */
static int procfs_dir_path(struct inode *dir, struct procfs_buf *b)
{
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return -ENOMEM;
    struct vfs_context ctx;
    vfs_kernel_context(&ctx);
    int rc = vfs_inode_path(&ctx, dir, path, PATH_MAX);
    if (rc >= 0)
        procfs_buf_append(b, path, (size_t)rc);
    kfree(path);
    return rc < 0 ? rc : b->error;
}

/* dir's path, a slash unless dir is "/", then name. */
static int procfs_path_in_dir(struct inode *dir, const char *name, struct procfs_buf *b)
{
    int rc = procfs_dir_path(dir, b);
    if (rc < 0)
        return rc;
    if (!(b->len == 1 && b->data[0] == '/'))
        procfs_buf_append(b, "/", 1);
    procfs_buf_append(b, name, strlen(name));
    return b->error;
}

/* A name for an inode, whatever it is. */
static int procfs_describe_inode(struct inode *inode, struct procfs_buf *b)
{
    int rc;
    if (procfs_owns(inode)) {
        rc = procfs_dir_path(inode->fs->root, b);
        if (rc >= 0) {
            struct procfs_buf rel;
            procfs_buf_init(&rel);
            procfs_node_relative_path(procfs_inode(inode), &rel);
            if (rel.len && !(b->len == 1 && b->data[0] == '/'))
                procfs_buf_append(b, "/", 1);
            procfs_buf_append(b, rel.data, rel.len);
            rc = rel.error ? rel.error : b->error;
            procfs_buf_free(&rel);
        }
    } else if (S_ISDIR(inode->mode)) {
        rc = procfs_dir_path(inode, b);
    } else if (!inode->fs->mounted) {
        rc = -ENOENT;   /* pipes and the like live in no name space */
    } else {
        struct inode *dir;
        char *name = kmalloc(NAME_MAX + 1);
        rc = name ? procfs_find_name(inode, &dir, name) : -ENOMEM;
        if (rc == 0) {
            rc = procfs_path_in_dir(dir, name, b);
            inode_put(dir);
        }
        kfree(name);
    }
    if (rc == -ENOMEM)
        return rc;
    if (rc >= 0)
        return 0;
    /* No path: a pseudo-name that still tells what it is. */
    procfs_buf_free(b);
    if (S_ISFIFO(inode->mode))
        procfs_buf_printf(b, "pipe:[%llu]", (unsigned long long)inode->ino);
    else if (S_ISSOCK(inode->mode))
        procfs_buf_printf(b, "socket:[%llu]", (unsigned long long)inode->ino);
    else
        procfs_buf_printf(b, "anon:[%s:%llu]", inode->fs->type_name, (unsigned long long)inode->ino);
    return b->error;
}

/* One of p's directory or executable slots, with a reference. */
static struct inode *procfs_process_inode(struct process *p, enum procfs_node node)
{
    irqflags_t fl = spin_lock_irqsave(&p->lock);
    struct inode *inode = node == PROCFS_NODE_CWD ? p->cwd : p->executable;
    if (inode)
        inode_get(inode);
    spin_unlock_irqrestore(&p->lock, fl);
    return inode;
}

int procfs_link_target(struct procfs_inode *pi, char **out)
{
    struct procfs_buf b;
    procfs_buf_init(&b);
    int rc = 0;
    switch (pi->node) {
    case PROCFS_NODE_SELF:
        procfs_buf_printf(&b, "%d", process_pid(process_current()));
        rc = b.error;
        break;
    case PROCFS_NODE_CWD:
    case PROCFS_NODE_EXE: {
        struct inode *inode = procfs_process_inode(pi->process, pi->node);
        if (!inode) {
            rc = -ENOENT;
            break;
        }
        rc = procfs_describe_inode(inode, &b);
        inode_put(inode);
        break;
    }
    case PROCFS_NODE_FD_LINK: {
        struct file *f;
        rc = procfs_process_file(pi->process, pi->fd, &f);
        if (rc < 0)
            break;
        rc = procfs_describe_inode(f->inode, &b);
        file_put(f);
        break;
    }
    default:
        rc = -EINVAL;
        break;
    }
    if (rc == 0)
        procfs_buf_append(&b, "", 1);   /* NUL-terminated for the caller */
    if (rc == 0 && b.error)
        rc = b.error;
    if (rc < 0) {
        procfs_buf_free(&b);
        return rc;
    }
    *out = b.data;
    return 0;
}
