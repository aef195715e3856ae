/* Shared scaffolding for the file-system tests: a private ramfs used as the
 * root of a test context (so tests never see or disturb the real "/"),
 * credentials, and small read/write helpers. */
#ifndef TESTS_KERNEL_TEST_FS_HELPERS_H
#define TESTS_KERNEL_TEST_FS_HELPERS_H
#include "fs/name_cache.h"
#include "fs/ramfs.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/finalizer.h"
#include "kernel/thread.h"
#include "kernel/selftest.h"
#include "mm/heap.h"
#include "mm/pmm.h"
#include <format.h>
#include <string.h>

struct fs_test {
    struct vfs_fs *fs;
    struct vfs_context ctx;     /* root credentials, root and cwd = fs root */
};

static const gid_t fs_test_user_groups[] = { 2000 };
/* uid 1000, gid 1000, also in group 2000. */
static const struct vfs_cred fs_test_user = { 1000, 1000, 1000, 1000, 1, fs_test_user_groups };
/* uid 1001, gid 1001, no extra groups. */
static const struct vfs_cred fs_test_other = { 1001, 1001, 1001, 1001, 0, NULL };

static inline int fs_test_setup(struct fs_test *ft, size_t max_bytes)
{
    int rc = ramfs_create(max_bytes, 0755, "testfs", &ft->fs);
    if (rc < 0)
        return rc;
    ft->ctx.cred = &vfs_kernel_cred;
    ft->ctx.root = ft->fs->root;
    ft->ctx.cwd = ft->fs->root;
    ft->ctx.umask = 0;
    return 0;
}

/* The same context with other credentials. */
static inline struct vfs_context fs_test_as(const struct fs_test *ft, const struct vfs_cred *cred)
{
    struct vfs_context c = ft->ctx;
    c.cred = cred;
    return c;
}

/* Frees the test fs; fails the test (and leaks it) if references remain. */
static inline void fs_test_teardown(struct ktest_ctx *t, struct fs_test *ft)
{
    name_cache_purge_fs(ft->fs);
    if (ft->fs->refs_total != ft->fs->refs_internal) {
        ktest_fail(t, __FILE__, __LINE__, "leaked inode references: %u total, %u internal",
                   ft->fs->refs_total, ft->fs->refs_internal);
        return;
    }
    ramfs_destroy(ft->fs);
}

static inline int fs_test_write(const struct vfs_context *ctx, const char *path, const void *data, size_t len)
{
    struct file *f;
    int rc = vfs_open(ctx, path, O_WRONLY | O_CREAT | O_TRUNC, 0644, &f);
    if (rc < 0)
        return rc;
    struct io_buffer b = io_buffer_kernel((void *)data);
    ssize_t n = file_write(f, &b, len);
    file_put(f);
    return n < 0 ? (int)n : (n == (ssize_t)len ? 0 : -EIO);
}

static inline int fs_test_write_str(const struct vfs_context *ctx, const char *path, const char *s)
{
    return fs_test_write(ctx, path, s, strlen(s));
}

/* Reads up to size-1 bytes and NUL-terminates; returns the count or -errno. */
static inline ssize_t fs_test_read(const struct vfs_context *ctx, const char *path, char *buf, size_t size)
{
    struct file *f;
    int rc = vfs_open(ctx, path, O_RDONLY, 0, &f);
    if (rc < 0)
        return rc;
    struct io_buffer b = io_buffer_kernel(buf);
    ssize_t n = file_read(f, &b, size - 1);
    file_put(f);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

/* Before and after measuring memory: let threads of earlier tests finish
 * dying, forget cached names, and return cached heap pages. */
static inline void fs_test_quiesce(void)
{
    thread_sleep_ns(10 * 1000 * 1000);
    finalizer_drain();
    name_cache_flush();
    heap_trim();
}

static inline bool fs_test_exists(const struct vfs_context *ctx, const char *path)
{
    struct stat st;
    return vfs_stat(ctx, path, AT_SYMLINK_NOFOLLOW, &st) == 0;
}
#endif
