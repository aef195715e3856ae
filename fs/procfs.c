/* procfs: the instance, its nodes, lookups and listings, and the open
 * files that hold a snapshot of what they show.
 *
 *   /proc/self            symlink to the caller's pid directory
 *   /proc/{meminfo,uptime,cpuinfo,mounts,version,all}
 *   /proc/<pid>/          status stat cmdline environ maps cwd exe fd/
 *   /proc/<pid>/fd/<n>    symlink to what descriptor n names
 *
 * Nothing is stored: a lookup makes an inode describing what it names
 * (the fs is marked volatile_names so the name cache never keeps one, and
 * a vanished process's names fail at once), and every open generates the
 * file's whole text into a buffer that belongs to that open file. Reads and seeks then work on the buffer, so a
 * reader sees one consistent picture, even after the process is gone. */
#include "fs/procfs.h"
#include "fs/fs_types.h"
#include "fs/procfs_internal.h"
#include "fs/vfs.h"
#include "kernel/api/dirent.h"
#include "kernel/api/procfs.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "kernel/pid.h"
#include "kernel/process.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include <format.h>
#include <string.h>

/* Directory positions: 0 and 1 are the dots, 2 + kind the named entries,
 * then numbers (pids in the root, descriptors in fd/) from here. */
#define PROCFS_POS_NAMED   2
#define PROCFS_POS_NUMBERS 64
_Static_assert(PROCFS_POS_NAMED + PROCFS_NODE_COUNT <= PROCFS_POS_NUMBERS, "positions overlap");

/* Inode numbers: the root and system files count from 1; per-process
 * nodes carry pid + 1 in the high half, the kind and a descriptor below. */
#define PROCFS_INO_FD_MASK 0xffffffu

#define PROCFS_TABLE_BUCKETS 64

struct procfs {
    struct vfs_fs fs;
    /* Protects buckets: every inode alive now except the root, hashed by
     * inode number, so that a name means the same inode for as long as it
     * is in use (getcwd and realpath match inodes against lookups). The
     * table holds no references: the last inode_put takes an inode out. */
    struct spinlock table_lock;
    struct list_node buckets[PROCFS_TABLE_BUCKETS];
};

static struct procfs *procfs_of(struct vfs_fs *fs) { return container_of(fs, struct procfs, fs); }

struct procfs_node_info {
    const char *name;               /* NULL: named by a number, or the root */
    enum procfs_node parent;        /* the directory that lists it */
    mode_t mode;
    procfs_generate_fn generate;    /* regular files */
};

static const struct procfs_node_info procfs_nodes[PROCFS_NODE_COUNT] = {
    [PROCFS_NODE_ROOT] = { NULL, PROCFS_NODE_COUNT, S_IFDIR | 0555, NULL },
    [PROCFS_NODE_SELF] = { "self", PROCFS_NODE_ROOT, S_IFLNK | 0777, NULL },
    [PROCFS_NODE_MEMINFO] = { "meminfo", PROCFS_NODE_ROOT, S_IFREG | 0444, procfs_gen_meminfo },
    [PROCFS_NODE_UPTIME] = { "uptime", PROCFS_NODE_ROOT, S_IFREG | 0444, procfs_gen_uptime },
    [PROCFS_NODE_CPUINFO] = { "cpuinfo", PROCFS_NODE_ROOT, S_IFREG | 0444, procfs_gen_cpuinfo },
    [PROCFS_NODE_MOUNTS] = { "mounts", PROCFS_NODE_ROOT, S_IFREG | 0444, procfs_gen_mounts },
    [PROCFS_NODE_VERSION] = { "version", PROCFS_NODE_ROOT, S_IFREG | 0444, procfs_gen_version },
    [PROCFS_NODE_ALL] = { "all", PROCFS_NODE_ROOT, S_IFREG | 0444, procfs_gen_all },
    [PROCFS_NODE_PID_DIR] = { NULL, PROCFS_NODE_ROOT, S_IFDIR | 0555, NULL },
    [PROCFS_NODE_STATUS] = { "status", PROCFS_NODE_PID_DIR, S_IFREG | 0444, procfs_gen_status },
    [PROCFS_NODE_STAT] = { "stat", PROCFS_NODE_PID_DIR, S_IFREG | 0444, procfs_gen_stat },
    [PROCFS_NODE_CMDLINE] = { "cmdline", PROCFS_NODE_PID_DIR, S_IFREG | 0444, procfs_gen_cmdline },
    /* The environment may hold secrets: its owner's (and root's) only. */
    [PROCFS_NODE_ENVIRON] = { "environ", PROCFS_NODE_PID_DIR, S_IFREG | 0400, procfs_gen_environ },
    [PROCFS_NODE_MAPS] = { "maps", PROCFS_NODE_PID_DIR, S_IFREG | 0444, procfs_gen_maps },
    [PROCFS_NODE_CWD] = { "cwd", PROCFS_NODE_PID_DIR, S_IFLNK | 0777, NULL },
    [PROCFS_NODE_EXE] = { "exe", PROCFS_NODE_PID_DIR, S_IFLNK | 0777, NULL },
    /* Which files a process has open is its owner's business. */
    [PROCFS_NODE_FD_DIR] = { "fd", PROCFS_NODE_PID_DIR, S_IFDIR | 0500, NULL },
    [PROCFS_NODE_FD_LINK] = { NULL, PROCFS_NODE_FD_DIR, S_IFLNK | 0700, NULL },
};

static const struct inode_ops procfs_dir_ops;
static const struct inode_ops procfs_file_ops;
static const struct inode_ops procfs_link_ops;
static const struct vfs_fs_ops procfs_fs_ops;

const char *procfs_node_name(enum procfs_node node)
{
    ASSERT(node < PROCFS_NODE_COUNT);
    return procfs_nodes[node].name;
}

bool procfs_owns(const struct inode *inode) { return inode->fs->ops == &procfs_fs_ops; }

void procfs_node_relative_path(struct procfs_inode *pi, struct procfs_buf *b)
{
    const struct procfs_node_info *info = &procfs_nodes[pi->node];
    if (pi->node == PROCFS_NODE_ROOT)
        return;
    if (!pi->process) {
        procfs_buf_printf(b, "%s", info->name);
        return;
    }
    procfs_buf_printf(b, "%d", process_pid(pi->process));
    if (pi->node == PROCFS_NODE_FD_LINK)
        procfs_buf_printf(b, "/%s/%d", procfs_nodes[PROCFS_NODE_FD_DIR].name, pi->fd);
    else if (pi->node != PROCFS_NODE_PID_DIR)
        procfs_buf_printf(b, "/%s", info->name);
}

static ino_t procfs_ino(enum procfs_node node, struct process *p, int fd)
{
    if (!p)
        return (ino_t)node + 1;
    return ((ino_t)(process_pid(p) + 1) << 32) | ((ino_t)node << 24) | ((ino_t)fd & PROCFS_INO_FD_MASK);
}

/* Who owns a node: the user a process acts as, unless it ran a set-ID
 * program; then only root may look into it. */
static void procfs_node_owner(struct process *p, uid_t *uid, gid_t *gid)
{
    *uid = 0;
    *gid = 0;
    if (p && p->prot->dumpable) {
        *uid = p->prot->euid;
        *gid = p->prot->egid;
    }
}

static void procfs_init_inode(struct vfs_fs *fs, struct procfs_inode *pi, enum procfs_node node,
                              struct process *p, int fd)
{
    const struct procfs_node_info *info = &procfs_nodes[node];
    const struct inode_ops *ops = S_ISDIR(info->mode) ? &procfs_dir_ops
                                  : S_ISLNK(info->mode) ? &procfs_link_ops
                                                        : &procfs_file_ops;
    uid_t uid;
    gid_t gid;
    procfs_node_owner(p, &uid, &gid);
    inode_init(&pi->vfs, fs, ops, procfs_ino(node, p, fd), info->mode, uid, gid);
    pi->vfs.nlink = S_ISDIR(info->mode) ? 2 : 1;
    list_init(&pi->cache_node);
    pi->node = node;
    pi->process = p;
    if (p)
        process_get(p);
    pi->fd = fd;
}

static unsigned procfs_bucket(ino_t ino)
{
    uint32_t h = (uint32_t)ino ^ (uint32_t)(ino >> 32);
    return (h * 2654435761u) >> 26;     /* the top 6 bits: 64 buckets */
}
_Static_assert(PROCFS_TABLE_BUCKETS == 64, "procfs_bucket makes 6 bits");

/* The inode of a node (of process p and descriptor fd where those apply):
 * the one in use if there is one, else a new one. */
static int procfs_get_inode(struct vfs_fs *fs, enum procfs_node node, struct process *p, int fd,
                            struct inode **out)
{
    struct procfs *pfs = procfs_of(fs);
    /* Allocated before the table is locked; freed again if not needed. */
    struct procfs_inode *fresh = kzalloc(sizeof(*fresh));
    if (!fresh)
        return -ENOMEM;
    ino_t ino = procfs_ino(node, p, fd);
    struct list_node *bucket = &pfs->buckets[procfs_bucket(ino)];
    irqflags_t fl = spin_lock_irqsave(&pfs->table_lock);
    list_for_each(n, bucket) {
        struct procfs_inode *pi = list_entry(n, struct procfs_inode, cache_node);
        if (pi->node != node || pi->process != p || pi->fd != fd || !inode_get_unless_zero(&pi->vfs))
            continue;
        spin_unlock_irqrestore(&pfs->table_lock, fl);
        kfree(fresh);
        /* Credentials may have changed since it was made. */
        uid_t uid;
        gid_t gid;
        procfs_node_owner(p, &uid, &gid);
        __atomic_store_n(&pi->vfs.uid, uid, __ATOMIC_RELAXED);
        __atomic_store_n(&pi->vfs.gid, gid, __ATOMIC_RELAXED);
        *out = &pi->vfs;
        return 0;
    }
    procfs_init_inode(fs, fresh, node, p, fd);
    list_push_back(bucket, &fresh->cache_node);
    spin_unlock_irqrestore(&pfs->table_lock, fl);
    *out = &fresh->vfs;
    return 0;
}

/* A decimal number without sign or leading zeros below limit; -1 if not. */
static int procfs_parse_number(const char *name, int limit)
{
    if (name[0] == '\0' || (name[0] == '0' && name[1] != '\0'))
        return -1;
    long v = 0;
    for (const char *c = name; *c; c++) {
        if (*c < '0' || *c > '9')
            return -1;
        v = v * 10 + (*c - '0');
        if (v >= limit)
            return -1;
    }
    return (int)v;
}

/* The named child of a directory of kind `dir_node`. */
static int procfs_lookup_named(struct inode *dir, enum procfs_node dir_node, const char *name,
                               struct inode **out)
{
    struct procfs_inode *pd = procfs_inode(dir);
    for (int n = 0; n < PROCFS_NODE_COUNT; n++) {
        const struct procfs_node_info *info = &procfs_nodes[n];
        if (info->parent == dir_node && info->name && strcmp(info->name, name) == 0)
            return procfs_get_inode(dir->fs, (enum procfs_node)n, pd->process, 0, out);
    }
    return -ENOENT;
}

static int procfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
    ASSERT(mutex_is_held(&dir->lock) || mutex_is_held(&dir->fs->ns_lock));
    struct procfs_inode *pd = procfs_inode(dir);
    bool dotdot = strcmp(name, "..") == 0;
    if (pd->node == PROCFS_NODE_ROOT) {
        if (dotdot) {
            *out = inode_get(dir);
            return 0;
        }
        int pid = procfs_parse_number(name, PID_MAX);
        if (pid < 0)
            return procfs_lookup_named(dir, PROCFS_NODE_ROOT, name, out);
        struct process *p = process_from_pid(pid);
        if (!p)
            return -ENOENT;
        int rc = procfs_get_inode(dir->fs, PROCFS_NODE_PID_DIR, p, 0, out);
        process_put(p);
        return rc;
    }
    /* Climbing out of a process that is gone still works; going in not. */
    if (dotdot && pd->node == PROCFS_NODE_PID_DIR) {
        *out = inode_get(dir->fs->root);
        return 0;
    }
    if (dotdot)
        return procfs_get_inode(dir->fs, PROCFS_NODE_PID_DIR, pd->process, 0, out);
    if (!procfs_process_registered(pd->process))
        return -ENOENT;
    if (pd->node == PROCFS_NODE_PID_DIR)
        return procfs_lookup_named(dir, PROCFS_NODE_PID_DIR, name, out);
    ASSERT(pd->node == PROCFS_NODE_FD_DIR);
    int fd = procfs_parse_number(name, (int)PROCFS_INO_FD_MASK);
    if (fd < 0)
        return -ENOENT;
    struct file *f;
    int rc = procfs_process_file(pd->process, fd, &f);
    if (rc < 0)
        return rc;
    file_put(f);
    return procfs_get_inode(dir->fs, PROCFS_NODE_FD_LINK, pd->process, fd, out);
}

/* ---- listings --------------------------------------------------------------- */

static bool procfs_emit_dots(struct inode *dir, struct vfs_dirent_sink *sink, off_t *pos, ino_t parent_ino)
{
    if (*pos == 0) {
        if (!sink->emit(sink, ".", 1, dir->ino, DT_DIR, 1))
            return false;
        *pos = 1;
    }
    if (*pos == 1) {
        if (!sink->emit(sink, "..", 2, parent_ino, DT_DIR, PROCFS_POS_NAMED))
            return false;
        *pos = PROCFS_POS_NAMED;
    }
    return true;
}

static bool procfs_emit_named(struct procfs_inode *pd, struct vfs_dirent_sink *sink, off_t *pos)
{
    for (int n = 0; n < PROCFS_NODE_COUNT; n++) {
        const struct procfs_node_info *info = &procfs_nodes[n];
        off_t at = PROCFS_POS_NAMED + n;
        if (info->parent != pd->node || !info->name || at < *pos)
            continue;
        ino_t ino = procfs_ino((enum procfs_node)n, pd->process, 0);
        if (!sink->emit(sink, info->name, strlen(info->name), ino, inode_dirent_type(info->mode), at + 1))
            return false;
        *pos = at + 1;
    }
    if (*pos < PROCFS_POS_NUMBERS)
        *pos = PROCFS_POS_NUMBERS;
    return true;
}

static bool procfs_emit_number(struct vfs_dirent_sink *sink, off_t *pos, int number, ino_t ino,
                               unsigned char type)
{
    off_t at = PROCFS_POS_NUMBERS + number;
    if (at < *pos)
        return true;
    char name[16];
    int len = snprintf(name, sizeof(name), "%d", number);
    if (!sink->emit(sink, name, (size_t)len, ino, type, at + 1))
        return false;
    *pos = at + 1;
    return true;
}

static int procfs_getdents_root(struct inode *dir, struct vfs_dirent_sink *sink, off_t *pos)
{
    struct procfs_inode *pd = procfs_inode(dir);
    if (!procfs_emit_dots(dir, sink, pos, dir->ino) || !procfs_emit_named(pd, sink, pos))
        return 0;
    struct process **procs;
    size_t count;
    int rc = procfs_list_processes(&procs, &count);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < count; i++) {
        ino_t ino = procfs_ino(PROCFS_NODE_PID_DIR, procs[i], 0);
        if (!procfs_emit_number(sink, pos, process_pid(procs[i]), ino, DT_DIR))
            break;
    }
    procfs_put_processes(procs, count);
    return 0;
}

static int procfs_getdents_fds(struct inode *dir, struct vfs_dirent_sink *sink, off_t *pos)
{
    struct procfs_inode *pd = procfs_inode(dir);
    ino_t up = procfs_ino(PROCFS_NODE_PID_DIR, pd->process, 0);
    if (!procfs_emit_dots(dir, sink, pos, up))
        return 0;
    if (*pos < PROCFS_POS_NUMBERS)
        *pos = PROCFS_POS_NUMBERS;
    int *fds;
    size_t count;
    int rc = procfs_process_fds(pd->process, &fds, &count);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < count; i++) {
        ino_t ino = procfs_ino(PROCFS_NODE_FD_LINK, pd->process, fds[i]);
        if (!procfs_emit_number(sink, pos, fds[i], ino, DT_LNK))
            break;
    }
    kfree(fds);
    return 0;
}

static int procfs_getdents(struct inode *dir, struct vfs_dirent_sink *sink, off_t *pos)
{
    ASSERT_MUTEX_HELD(&dir->lock);
    struct procfs_inode *pd = procfs_inode(dir);
    if (pd->node == PROCFS_NODE_ROOT)
        return procfs_getdents_root(dir, sink, pos);
    /* The directory of a reaped process lists nothing, not even dots. */
    if (!procfs_process_registered(pd->process))
        return 0;
    if (pd->node == PROCFS_NODE_FD_DIR)
        return procfs_getdents_fds(dir, sink, pos);
    ASSERT(pd->node == PROCFS_NODE_PID_DIR);
    if (procfs_emit_dots(dir, sink, pos, dir->fs->root->ino))
        procfs_emit_named(pd, sink, pos);
    return 0;
}

/* ---- symlinks ------------------------------------------------------------------ */

static ssize_t procfs_readlink(struct inode *inode, char *buf, size_t size)
{
    ASSERT_MUTEX_HELD(&inode->lock);
    struct procfs_inode *pi = procfs_inode(inode);
    if (pi->process && !procfs_process_registered(pi->process))
        return -ENOENT;
    char *target;
    int rc = procfs_link_target(pi, &target);
    if (rc < 0)
        return rc;
    size_t len = strlen(target);
    if (len > size)
        len = size;
    memcpy(buf, target, len);
    kfree(target);
    return (ssize_t)len;
}

/* ---- open files: snapshots ------------------------------------------------------ */

struct procfs_snapshot {
    char *data;
    size_t len;
};

static ssize_t procfs_snapshot_read(struct file *f, struct io_buffer *buf, size_t len, off_t *pos)
{
    struct procfs_snapshot *s = f->private_data;
    if (*pos >= (off_t)s->len)
        return 0;
    size_t left = s->len - (size_t)*pos;
    size_t n = len < left ? len : left;
    int rc = io_buffer_put(buf, 0, s->data + *pos, n);
    if (rc < 0)
        return rc;
    *pos += (off_t)n;
    return (ssize_t)n;
}

/* f->pos_lock held. The end is the snapshot's, not the inode's size. */
static int procfs_snapshot_lseek(struct file *f, off_t offset, int whence, off_t *result)
{
    ASSERT_MUTEX_HELD(&f->pos_lock);
    struct procfs_snapshot *s = f->private_data;
    off_t base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = f->pos; break;
    case SEEK_END: base = (off_t)s->len; break;
    default: return -EINVAL;
    }
    off_t target;
    if (__builtin_add_overflow(base, offset, &target))
        return -EOVERFLOW;
    if (target < 0)
        return -EINVAL;
    f->pos = target;
    *result = target;
    return 0;
}

static void procfs_snapshot_release(struct file *f)
{
    struct procfs_snapshot *s = f->private_data;
    if (!s)
        return;
    kfree(s->data);
    kfree(s);
}

static const struct file_ops procfs_snapshot_ops = {
    .read = procfs_snapshot_read,
    .lseek = procfs_snapshot_lseek,
    .release = procfs_snapshot_release,
};

static int procfs_open(struct inode *inode, int flags, struct file **out)
{
    struct procfs_inode *pi = procfs_inode(inode);
    const struct procfs_node_info *info = &procfs_nodes[pi->node];
    ASSERT(info->generate);
    if (pi->process && !procfs_process_registered(pi->process))
        return -ENOENT;
    struct procfs_snapshot *s = kzalloc(sizeof(*s));
    if (!s)
        return -ENOMEM;
    struct procfs_buf b;
    procfs_buf_init(&b);
    int rc = info->generate(pi, &b);
    if (rc == 0 && b.error)
        rc = b.error;
    if (rc < 0)
        goto fail;
    s->data = b.data;
    s->len = b.len;
    rc = file_create(inode, &procfs_snapshot_ops, flags, s, out);
    if (rc < 0)
        goto fail;
    return 0;
fail:
    procfs_buf_free(&b);
    kfree(s);
    return rc;
}

static const struct inode_ops procfs_dir_ops = {
    .lookup = procfs_lookup,
    .getdents = procfs_getdents,
};

static const struct inode_ops procfs_file_ops = {
    .open = procfs_open,
};

static const struct inode_ops procfs_link_ops = {
    .readlink = procfs_readlink,
};

/* ---- the instance ----------------------------------------------------------------- */

static void procfs_release_inode(struct inode *inode)
{
    struct procfs_inode *pi = procfs_inode(inode);
    struct procfs *pfs = procfs_of(inode->fs);
    irqflags_t fl = spin_lock_irqsave(&pfs->table_lock);
    if (list_linked(&pi->cache_node))
        list_remove(&pi->cache_node);
    spin_unlock_irqrestore(&pfs->table_lock, fl);
    if (pi->process)
        process_put(pi->process);
    kfree(pi);
}

static int procfs_statvfs(struct vfs_fs *fs, struct statvfs *out)
{
    (void)fs;
    memset(out, 0, sizeof(*out));
    out->f_bsize = PAGE_SIZE;
    out->f_frsize = PAGE_SIZE;
    out->f_namemax = NAME_MAX;
    return 0;
}

static void procfs_destroy(struct vfs_fs *fs)
{
    struct procfs *pfs = procfs_of(fs);
    struct inode *root = fs->root;
    fs->root = NULL;
    inode_put_internal(root);
    ASSERT(fs->refs_total == 0 && fs->refs_internal == 0);
    for (unsigned i = 0; i < PROCFS_TABLE_BUCKETS; i++)
        ASSERT(list_empty(&pfs->buckets[i]));
    kfree(pfs);
}

static const struct vfs_fs_ops procfs_fs_ops = {
    .release_inode = procfs_release_inode,
    .statvfs = procfs_statvfs,
    .destroy = procfs_destroy,
};

int procfs_create(struct vfs_fs **out)
{
    struct procfs *pfs = kzalloc(sizeof(*pfs));
    struct procfs_inode *root = kzalloc(sizeof(*root));
    if (!pfs || !root) {
        kfree(pfs);
        kfree(root);
        return -ENOMEM;
    }
    struct vfs_fs *fs = &pfs->fs;
    vfs_fs_init(fs, &procfs_fs_ops, PROCFS_FS_TYPE);
    fs->flags = ST_RDONLY | ST_NOSUID;
    fs->volatile_names = true;
    spinlock_init(&pfs->table_lock, "procfs.table");
    for (unsigned i = 0; i < PROCFS_TABLE_BUCKETS; i++)
        list_init(&pfs->buckets[i]);
    /* The root stays out of the table: the fs's own reference keeps it. */
    procfs_init_inode(fs, root, PROCFS_NODE_ROOT, NULL, 0);
    fs->root = inode_get_internal(&root->vfs);
    inode_put(&root->vfs);
    *out = fs;
    return 0;
}

static int procfs_mount_create(const char *source, unsigned flags, struct vfs_fs **out)
{
    (void)source, (void)flags;
    return procfs_create(out);
}

void procfs_register_type(void)
{
    int rc = vfs_fs_type_register(PROCFS_FS_TYPE, procfs_mount_create);
    ASSERT(rc == 0 || rc == -EEXIST);
}
