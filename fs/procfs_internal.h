/* procfs internals shared by its files. */
#ifndef FS_PROCFS_INTERNAL_H
#define FS_PROCFS_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fs/inode.h"
#include "kernel/list.h"

struct process;

/* Every kind of node. The numbers are part of inode numbers and directory
 * positions, so new kinds go at the end of their group. */
enum procfs_node {
    PROCFS_NODE_ROOT,
    PROCFS_NODE_SELF,
    PROCFS_NODE_MEMINFO,
    PROCFS_NODE_UPTIME,
    PROCFS_NODE_CPUINFO,
    PROCFS_NODE_MOUNTS,
    PROCFS_NODE_VERSION,
    PROCFS_NODE_ALL,
    PROCFS_NODE_PID_DIR,
    PROCFS_NODE_STATUS,
    PROCFS_NODE_STAT,
    PROCFS_NODE_CMDLINE,
    PROCFS_NODE_ENVIRON,
    PROCFS_NODE_MAPS,
    PROCFS_NODE_CWD,
    PROCFS_NODE_EXE,
    PROCFS_NODE_FD_DIR,
    PROCFS_NODE_FD_LINK,
    PROCFS_NODE_COUNT,
};

/* Inodes are made by lookups and freed with their last reference; only
 * the root lives as long as the instance. While one is in use, looking up
 * the same thing again finds it (see struct procfs). */
struct procfs_inode {
    struct inode vfs;
    struct list_node cache_node;    /* in its instance's table (its lock) */
    enum procfs_node node;
    /* Per-process nodes: a reference on the process they describe, so that
     * a recycled pid never makes an old node show a newcomer. */
    struct process *process;
    int fd;                     /* PROCFS_NODE_FD_LINK */
};

static inline struct procfs_inode *procfs_inode(struct inode *inode)
{
    return (struct procfs_inode *)inode;
}

/* ---- text being generated -------------------------------------------------- */

/* A growing heap buffer. A failed allocation is remembered in `error` and
 * every later append is ignored, so generators check once at the end. */
struct procfs_buf {
    char *data;
    size_t len, cap;
    int error;              /* 0 or -ENOMEM */
};

void procfs_buf_init(struct procfs_buf *b);
void procfs_buf_free(struct procfs_buf *b);
void procfs_buf_append(struct procfs_buf *b, const void *data, size_t n);
void procfs_buf_printf(struct procfs_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A process name for one-line formats: control characters become '?'. */
void procfs_buf_append_name(struct procfs_buf *b, const char *name);

/* Fills b with a file's contents; 0 or a negative errno. */
typedef int (*procfs_generate_fn)(struct procfs_inode *pi, struct procfs_buf *b);

/* System-wide files (procfs_system.c). */
int procfs_gen_meminfo(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_uptime(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_cpuinfo(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_mounts(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_version(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_all(struct procfs_inode *pi, struct procfs_buf *b);

/* Per-process files (procfs_process.c). */
int procfs_gen_status(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_stat(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_cmdline(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_environ(struct procfs_inode *pi, struct procfs_buf *b);
int procfs_gen_maps(struct procfs_inode *pi, struct procfs_buf *b);

/* What the per-process files and /proc/all show, gathered at one time. */
struct procfs_process_info {
    int pid, ppid, pgid, sid;
    uint32_t uid, euid, suid, gid, egid, sgid;
    char name[32];
    const char *state;          /* PROCFS_STATE_* */
    uint32_t threads;
    uint64_t ticks_user, ticks_kernel;
    uint64_t children_ticks_user, children_ticks_kernel;
    size_t virtual_bytes, resident_pages, regions;
};
/* Gathers p's figures; may sleep. */
void procfs_process_info(struct process *p, struct procfs_process_info *out);

/* Every process in the table, referenced and in pid order, in a new array;
 * give it back with procfs_put_processes. 0 or -ENOMEM. */
int procfs_list_processes(struct process ***out, size_t *count);
void procfs_put_processes(struct process **procs, size_t count);

/* Whether p is still in the process table (zombies included): once reaped,
 * its nodes answer ENOENT. */
bool procfs_process_registered(struct process *p);
/* The open descriptors of p in increasing order, in a new array (kfree
 * it); 0 with *count = 0 when p has no table (any more). */
int procfs_process_fds(struct process *p, int **fds, size_t *count);
/* The description at fd with a new reference; -ENOENT if none. */
int procfs_process_file(struct process *p, int fd, struct file **out);

/* The name of a node kind in its directory ("status", "fd", ...); NULL for
 * the root, pid directories and fd links, whose names are numbers. */
const char *procfs_node_name(enum procfs_node node);
/* Whether the inode belongs to a procfs instance. */
bool procfs_owns(const struct inode *inode);

/* Symlink targets (procfs_links.c): the target of a SELF, CWD, EXE or
 * FD_LINK node in a new heap string; 0 or a negative errno. */
int procfs_link_target(struct procfs_inode *pi, char **out);
/* The path of a procfs node below the procfs mount point, e.g. "12/fd/3"
 * (no leading slash); for links and names of open files. */
void procfs_node_relative_path(struct procfs_inode *pi, struct procfs_buf *b);
#endif
