/* File descriptor tables: small integers naming open file descriptions,
 * each with its own descriptor flags (FD_CLOEXEC). A process owns one; its
 * threads share it; fork clones it (the clone shares the descriptions).
 *
 * Functions that hand out a file give the caller its own reference (drop it
 * with file_put); functions that store a file take their own reference, so
 * the caller keeps (and eventually drops) the one it had. */
#ifndef KERNEL_FD_TABLE_H
#define KERNEL_FD_TABLE_H
#include <stdbool.h>
#include "kernel/mutex.h"

struct file;

#define FD_TABLE_DEFAULT_LIMIT 1024

struct fd_slot {
    struct file *file;      /* NULL: the descriptor is free */
    int flags;              /* FD_CLOEXEC */
};

struct fd_table {
    /* Protects slots, capacity and limit. Never held while a description is
     * released, so a file's release hook may sleep. */
    struct mutex lock;
    struct fd_slot *slots;
    int capacity;           /* slots allocated; grows up to limit */
    int limit;              /* descriptors are < limit (RLIMIT_NOFILE) */
};

int fd_table_create(struct fd_table **out);
/* Closes every descriptor and frees the table. */
void fd_table_destroy(struct fd_table *t);
/* fork: a new table with the same descriptors and flags. */
int fd_table_clone(struct fd_table *t, struct fd_table **out);
/* exec: closes every descriptor marked FD_CLOEXEC. */
void fd_table_close_on_exec(struct fd_table *t);

/* Installs f at the lowest free descriptor >= min_fd; returns it, or
 * -EMFILE (none below the limit), -EINVAL (min_fd out of range), -ENOMEM. */
int fd_table_install(struct fd_table *t, struct file *f, int fd_flags, int min_fd);
/* The description at fd with a new reference; -EBADF if fd is not open. */
int fd_table_get(struct fd_table *t, int fd, struct file **out);
int fd_table_close(struct fd_table *t, int fd);

/* dup / F_DUPFD(_CLOEXEC): the new descriptor (>= min_fd). */
int fd_table_dup(struct fd_table *t, int old_fd, int min_fd, int fd_flags);
/* dup2: new_fd (closing what was there); old_fd == new_fd returns it after
 * checking that it is open. -EBADF for a bad old_fd or a new_fd that is
 * negative or not below the limit. */
int fd_table_dup2(struct fd_table *t, int old_fd, int new_fd);
/* dup3: like dup2 with flags O_CLOEXEC; -EINVAL if old_fd == new_fd or for
 * unknown flags. */
int fd_table_dup3(struct fd_table *t, int old_fd, int new_fd, int flags);

/* F_GETFD / F_SETFD */
int fd_table_get_fd_flags(struct fd_table *t, int fd);
int fd_table_set_fd_flags(struct fd_table *t, int fd, int fd_flags);

/* RLIMIT_NOFILE: lowering the limit below an open descriptor is allowed
 * (those stay open, new ones must be below). -EINVAL if limit < 1. */
int fd_table_set_limit(struct fd_table *t, int limit);
int fd_table_get_limit(struct fd_table *t);

/* Calls fn for each open descriptor in order (for /proc/N/fd). fn runs with
 * the table locked: it must not call back into the table. A non-zero return
 * stops the walk and is returned. */
int fd_table_for_each(struct fd_table *t, int (*fn)(void *ctx, int fd, struct file *f, int fd_flags),
                      void *ctx);
/* Open descriptors (for tests and /proc). */
int fd_table_count(struct fd_table *t);
#endif
