/* unveil: a process narrows the part of the file system it can see. Once
 * any path is unveiled, only unveiled paths (and what lies below them)
 * exist for it, each with the permissions it was unveiled with. */
#ifndef KERNEL_UNVEIL_H
#define KERNEL_UNVEIL_H
#include <stdbool.h>
#include <stddef.h>
#include "kernel/list.h"

#define UNVEIL_READ     0x1
#define UNVEIL_WRITE    0x2
#define UNVEIL_EXEC     0x4
#define UNVEIL_CREATE   0x8
#define UNVEIL_SEE      0x0     /* visibility only (stat, access, chdir...) */

struct unveil_state {
    bool active;                /* some path was unveiled: everything else is hidden */
    bool locked;                /* unveil(NULL, NULL) was called: no more changes */
    struct list_node entries;   /* struct unveil_entry, under the process's lock */
};

struct process;
struct vfs_context;

void unveil_init(struct unveil_state *u);
/* fork: the child sees what the parent sees. 0 or -ENOMEM. */
int unveil_copy(struct process *child, struct process *parent);
/* exec and teardown: the view is reset. */
void unveil_clear(struct process *p);
/* 0 when the caller may use path (relative to ctx) with the permissions in
 * `need`; -ENOENT when it is hidden, -EACCES when unveiled without them. */
int unveil_check(struct process *p, const struct vfs_context *ctx, const char *path, unsigned need);
/* The unveil system call's pieces: the canonical form of a path, adding an
 * entry ("rwxc" permissions), and locking the view. */
int unveil_canonical_path(const struct vfs_context *ctx, const char *path, char *buf, size_t size);
int unveil_add(struct process *p, const char *canonical, const char *perms);
int unveil_lock(struct process *p);
#endif
