/* File descriptor tables. Slots grow by doubling up to the limit; freed
 * descriptions are released only after the table lock is dropped. */
#include "kernel/fd_table.h"
#include "kernel/api/fcntl.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/panic.h"
#include "mm/heap.h"
#include <string.h>

#define FD_TABLE_INITIAL_SLOTS 16

int fd_table_create(struct fd_table **out)
{
    struct fd_table *t = kzalloc(sizeof(*t));
    if (!t)
        return -ENOMEM;
    t->slots = kcalloc(FD_TABLE_INITIAL_SLOTS, sizeof(struct fd_slot));
    if (!t->slots) {
        kfree(t);
        return -ENOMEM;
    }
    mutex_init(&t->lock, "fd_table");
    t->capacity = FD_TABLE_INITIAL_SLOTS;
    t->limit = FD_TABLE_DEFAULT_LIMIT;
    *out = t;
    return 0;
}

void fd_table_destroy(struct fd_table *t)
{
    for (int fd = 0; fd < t->capacity; fd++)
        if (t->slots[fd].file)
            file_put(t->slots[fd].file);
    kfree(t->slots);
    kfree(t);
}

/* t->lock held. Makes slot `fd` exist (fd < limit). */
static int fd_table_reserve(struct fd_table *t, int fd)
{
    ASSERT_MUTEX_HELD(&t->lock);
    if (fd < t->capacity)
        return 0;
    int cap = t->capacity;
    while (cap <= fd)
        cap *= 2;
    if (cap > t->limit)
        cap = t->limit > fd ? t->limit : fd + 1;
    struct fd_slot *slots = kcalloc((size_t)cap, sizeof(struct fd_slot));
    if (!slots)
        return -ENOMEM;
    memcpy(slots, t->slots, (size_t)t->capacity * sizeof(struct fd_slot));
    kfree(t->slots);
    t->slots = slots;
    t->capacity = cap;
    return 0;
}

/* t->lock held. The lowest free descriptor >= min_fd, made to exist. */
static int fd_table_find_free(struct fd_table *t, int min_fd)
{
    ASSERT_MUTEX_HELD(&t->lock);
    if (min_fd < 0)
        return -EINVAL;
    for (int fd = min_fd; fd < t->limit; fd++) {
        if (fd >= t->capacity) {
            int rc = fd_table_reserve(t, fd);
            return rc < 0 ? rc : fd;
        }
        if (!t->slots[fd].file)
            return fd;
    }
    return min_fd >= t->limit ? -EINVAL : -EMFILE;
}

int fd_table_install(struct fd_table *t, struct file *f, int fd_flags, int min_fd)
{
    mutex_lock(&t->lock);
    int fd = fd_table_find_free(t, min_fd);
    if (fd >= 0) {
        t->slots[fd].file = file_get(f);
        t->slots[fd].flags = fd_flags & FD_CLOEXEC;
    }
    mutex_unlock(&t->lock);
    return fd;
}

int fd_table_get(struct fd_table *t, int fd, struct file **out)
{
    int rc = -EBADF;
    mutex_lock(&t->lock);
    if (fd >= 0 && fd < t->capacity && t->slots[fd].file) {
        *out = file_get(t->slots[fd].file);
        rc = 0;
    }
    mutex_unlock(&t->lock);
    return rc;
}

int fd_table_close(struct fd_table *t, int fd)
{
    struct file *f = NULL;
    mutex_lock(&t->lock);
    if (fd >= 0 && fd < t->capacity) {
        f = t->slots[fd].file;
        t->slots[fd].file = NULL;
        t->slots[fd].flags = 0;
    }
    mutex_unlock(&t->lock);
    if (!f)
        return -EBADF;
    file_put(f);
    return 0;
}

int fd_table_dup(struct fd_table *t, int old_fd, int min_fd, int fd_flags)
{
    struct file *f;
    int rc = fd_table_get(t, old_fd, &f);
    if (rc < 0)
        return rc;
    rc = fd_table_install(t, f, fd_flags, min_fd);
    file_put(f);
    return rc;
}

/* Puts `old_fd`'s description at new_fd, closing whatever was there. */
static int fd_table_replace(struct fd_table *t, int old_fd, int new_fd, int fd_flags)
{
    struct file *displaced = NULL;
    int rc;
    mutex_lock(&t->lock);
    if (old_fd < 0 || old_fd >= t->capacity || !t->slots[old_fd].file) {
        rc = -EBADF;
        goto out;
    }
    if (new_fd < 0 || new_fd >= t->limit) {
        rc = -EBADF;
        goto out;
    }
    rc = fd_table_reserve(t, new_fd);
    if (rc < 0)
        goto out;
    displaced = t->slots[new_fd].file;
    t->slots[new_fd].file = file_get(t->slots[old_fd].file);
    t->slots[new_fd].flags = fd_flags & FD_CLOEXEC;
    rc = new_fd;
out:
    mutex_unlock(&t->lock);
    if (displaced)
        file_put(displaced);
    return rc;
}

int fd_table_dup2(struct fd_table *t, int old_fd, int new_fd)
{
    if (old_fd == new_fd) {
        struct file *f;
        int rc = fd_table_get(t, old_fd, &f);
        if (rc < 0)
            return rc;
        file_put(f);
        return new_fd;
    }
    return fd_table_replace(t, old_fd, new_fd, 0);
}

int fd_table_dup3(struct fd_table *t, int old_fd, int new_fd, int flags)
{
    if (old_fd == new_fd || (flags & ~O_CLOEXEC))
        return -EINVAL;
    return fd_table_replace(t, old_fd, new_fd, (flags & O_CLOEXEC) ? FD_CLOEXEC : 0);
}

int fd_table_get_fd_flags(struct fd_table *t, int fd)
{
    int rc = -EBADF;
    mutex_lock(&t->lock);
    if (fd >= 0 && fd < t->capacity && t->slots[fd].file)
        rc = t->slots[fd].flags;
    mutex_unlock(&t->lock);
    return rc;
}

int fd_table_set_fd_flags(struct fd_table *t, int fd, int fd_flags)
{
    int rc = -EBADF;
    mutex_lock(&t->lock);
    if (fd >= 0 && fd < t->capacity && t->slots[fd].file) {
        t->slots[fd].flags = fd_flags & FD_CLOEXEC;
        rc = 0;
    }
    mutex_unlock(&t->lock);
    return rc;
}

int fd_table_set_limit(struct fd_table *t, int limit)
{
    if (limit < 1)
        return -EINVAL;
    mutex_lock(&t->lock);
    t->limit = limit;
    mutex_unlock(&t->lock);
    return 0;
}

int fd_table_get_limit(struct fd_table *t)
{
    mutex_lock(&t->lock);
    int limit = t->limit;
    mutex_unlock(&t->lock);
    return limit;
}

int fd_table_clone(struct fd_table *t, struct fd_table **out)
{
    struct fd_table *c = kzalloc(sizeof(*c));
    if (!c)
        return -ENOMEM;
    mutex_init(&c->lock, "fd_table");
    mutex_lock(&t->lock);
    c->slots = kcalloc((size_t)t->capacity, sizeof(struct fd_slot));
    if (!c->slots) {
        mutex_unlock(&t->lock);
        kfree(c);
        return -ENOMEM;
    }
    c->capacity = t->capacity;
    c->limit = t->limit;
    for (int fd = 0; fd < t->capacity; fd++) {
        if (t->slots[fd].file) {
            c->slots[fd].file = file_get(t->slots[fd].file);
            c->slots[fd].flags = t->slots[fd].flags;
        }
    }
    mutex_unlock(&t->lock);
    *out = c;
    return 0;
}

void fd_table_close_on_exec(struct fd_table *t)
{
    for (;;) {
        /* One at a time, so that no release runs under the table lock. */
        struct file *f = NULL;
        mutex_lock(&t->lock);
        for (int fd = 0; fd < t->capacity; fd++) {
            if (t->slots[fd].file && (t->slots[fd].flags & FD_CLOEXEC)) {
                f = t->slots[fd].file;
                t->slots[fd].file = NULL;
                t->slots[fd].flags = 0;
                break;
            }
        }
        mutex_unlock(&t->lock);
        if (!f)
            return;
        file_put(f);
    }
}

int fd_table_for_each(struct fd_table *t, int (*fn)(void *ctx, int fd, struct file *f, int fd_flags),
                      void *ctx)
{
    int rc = 0;
    mutex_lock(&t->lock);
    for (int fd = 0; fd < t->capacity && rc == 0; fd++)
        if (t->slots[fd].file)
            rc = fn(ctx, fd, t->slots[fd].file, t->slots[fd].flags);
    mutex_unlock(&t->lock);
    return rc;
}

int fd_table_count(struct fd_table *t)
{
    int n = 0;
    mutex_lock(&t->lock);
    for (int fd = 0; fd < t->capacity; fd++)
        if (t->slots[fd].file)
            n++;
    mutex_unlock(&t->lock);
    return n;
}
