/* Scaffolding for the ext2 self-tests: mounting a test disk's partition as
 * the root of a private context, checksumming files through the VFS, and
 * manifests (the line format of tools/mkdisk-fixtures.sh) both checked and
 * written. A test that writes records what it left behind in a manifest on
 * the disk and prints where it is; tools/check-disk.sh then verifies the
 * same on the host with e2fsck and debugfs. */
#ifndef TESTS_KERNEL_EXT2_TEST_H
#define TESTS_KERNEL_EXT2_TEST_H
#include "fs/ext2/ext2.h"
#include "fs/name_cache.h"
#include "fs/vfs.h"
#include "kernel/errno.h"
#include "kernel/file.h"
#include "kernel/printk.h"
#include "mm/heap.h"
#include "tests/kernel/disk_test.h"
#include <format.h>
#include <string.h>

struct ext2_test {
    struct vfs_fs *fs;
    struct vfs_context ctx;     /* root credentials; root and cwd = the fs root */
    const char *dev;
};

static inline int ext2_test_mount(struct ext2_test *et, const char *dev, bool readonly)
{
    int rc = ext2_mount_device(dev, readonly, &et->fs);
    if (rc < 0)
        return rc;
    et->dev = dev;
    et->ctx.cred = &vfs_kernel_cred;
    et->ctx.root = et->fs->root;
    et->ctx.cwd = et->fs->root;
    et->ctx.umask = 0;
    return 0;
}

/* Syncs and frees the fs; a leaked reference fails the test (and leaks). */
static inline void ext2_test_unmount(struct ktest_ctx *t, struct ext2_test *et)
{
    name_cache_purge_fs(et->fs);
    if (et->fs->refs_total != et->fs->refs_internal) {
        ktest_fail(t, __FILE__, __LINE__, "%s: leaked inode references: %u total, %u internal", et->dev,
                   et->fs->refs_total, et->fs->refs_internal);
        return;
    }
    int rc = et->fs->ops->sync(et->fs);
    if (rc < 0)
        ktest_fail(t, __FILE__, __LINE__, "%s: sync failed: %d", et->dev, rc);
    et->fs->ops->destroy(et->fs);
    et->fs = NULL;
}

#define EXT2_TEST_CHUNK 16384

/* The POSIX cksum and size of [off, off + len) of a file (len ~0: to the
 * end). 0 or -errno. */
static inline int ext2_test_cksum_range(const struct vfs_context *ctx, const char *path, uint64_t off,
                                        uint64_t len, uint32_t *crc, uint64_t *size)
{
    struct file *f;
    int rc = vfs_open(ctx, path, O_RDONLY, 0, &f);
    if (rc < 0)
        return rc;
    uint8_t *buf = kmalloc(EXT2_TEST_CHUNK);
    if (!buf) {
        file_put(f);
        return -ENOMEM;
    }
    struct disk_cksum c = { 0, 0 };
    struct io_buffer io = io_buffer_kernel(buf);
    for (;;) {
        uint64_t want = len - c.len < EXT2_TEST_CHUNK ? len - c.len : EXT2_TEST_CHUNK;
        if (want == 0)
            break;
        ssize_t n = file_pread(f, &io, (size_t)want, (off_t)(off + c.len));
        if (n < 0) {
            rc = (int)n;
            break;
        }
        if (n == 0)
            break;
        disk_cksum_add(&c, buf, (size_t)n);
    }
    kfree(buf);
    file_put(f);
    *crc = disk_cksum_final(&c);
    *size = c.len;
    return rc;
}

static inline int ext2_test_cksum(const struct vfs_context *ctx, const char *path, uint32_t *crc, uint64_t *size)
{
    return ext2_test_cksum_range(ctx, path, 0, ~0ull, crc, size);
}

static inline int ext2_test_write_file(const struct vfs_context *ctx, const char *path, const void *data,
                                       size_t len)
{
    struct file *f;
    int rc = vfs_open(ctx, path, O_WRONLY | O_CREAT | O_TRUNC, 0644, &f);
    if (rc < 0)
        return rc;
    struct io_buffer b = io_buffer_kernel((void *)data);
    ssize_t n = len ? file_write(f, &b, len) : 0;
    file_put(f);
    return n < 0 ? (int)n : (n == (ssize_t)len ? 0 : -EIO);
}

/* ---- manifests -------------------------------------------------------- */

struct ext2_manifest {
    char *text;
    size_t len, cap;
    bool oom;
};

static inline void ext2_manifest_add(struct ext2_manifest *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static inline void ext2_manifest_add(struct ext2_manifest *m, const char *fmt, ...)
{
    char line[320];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(line) || m->oom) {
        m->oom = true;
        return;
    }
    if (m->len + (size_t)n + 1 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4096;
        while (cap < m->len + (size_t)n + 1)
            cap *= 2;
        char *grown = kmalloc(cap);
        if (!grown) {
            m->oom = true;
            return;
        }
        if (m->text)
            memcpy(grown, m->text, m->len);
        kfree(m->text);
        m->text = grown;
        m->cap = cap;
    }
    memcpy(m->text + m->len, line, (size_t)n);
    m->len += (size_t)n;
    m->text[m->len++] = '\n';
}

/* Records a regular file as it is on the disk now. */
static inline int ext2_manifest_file(struct ext2_manifest *m, const struct vfs_context *ctx, const char *path)
{
    uint32_t crc;
    uint64_t size;
    int rc = ext2_test_cksum(ctx, path, &crc, &size);
    if (rc == 0)
        ext2_manifest_add(m, "f %u %llu %s", crc, (unsigned long long)size, path);
    return rc;
}

/* Writes the manifest to `path` on the fs and tells the host where it is
 * (tools/check-disk.sh looks for these lines). Frees the text. */
static inline int ext2_manifest_publish(struct ext2_test *et, struct ext2_manifest *m, const char *path)
{
    int rc = m->oom ? -ENOMEM : ext2_test_write_file(&et->ctx, path, m->text, m->len);
    if (rc == 0) {
        struct disk_cksum c = { 0, 0 };
        disk_cksum_add(&c, m->text, m->len);
        printk("# ext2-manifest: %s %s %u %zu\n", et->dev, path, disk_cksum_final(&c), m->len);
    }
    kfree(m->text);
    m->text = NULL;
    m->len = m->cap = 0;
    return rc;
}

/* Splits a line into at most max space-separated fields (in place). */
static inline unsigned ext2_split(char *line, char **fields, unsigned max)
{
    unsigned n = 0;
    char *p = line;
    while (*p && n < max) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        fields[n++] = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = 0;
    }
    return n;
}

static inline uint64_t ext2_parse_u64(const char *s)
{
    uint64_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (uint64_t)(*s++ - '0');
    return v;
}

/* Checks every line of a manifest file against the fs; returns how many
 * entries were checked (failures are reported on t). */
static inline unsigned ext2_manifest_verify(struct ktest_ctx *t, const struct vfs_context *ctx, const char *path)
{
    struct stat st;
    if (vfs_stat(ctx, path, 0, &st) < 0 || st.st_size <= 0 || st.st_size > (1 << 20)) {
        ktest_fail(t, __FILE__, __LINE__, "manifest %s missing or odd", path);
        return 0;
    }
    char *text = kmalloc((size_t)st.st_size + 1);
    if (!text)
        return 0;
    struct file *f;
    unsigned checked = 0;
    if (vfs_open(ctx, path, O_RDONLY, 0, &f) < 0) {
        kfree(text);
        return 0;
    }
    struct io_buffer io = io_buffer_kernel(text);
    ssize_t n = file_read(f, &io, (size_t)st.st_size);
    file_put(f);
    if (n != st.st_size) {
        ktest_fail(t, __FILE__, __LINE__, "short read of %s", path);
        kfree(text);
        return 0;
    }
    text[n] = 0;
    char *line = text;
    while (*line) {
        char *end = strchr(line, '\n');
        if (end)
            *end = 0;
        char *fl[7];
        unsigned nf = ext2_split(line, fl, 7);
        char target[256];
        struct stat a, b;
        uint32_t crc;
        uint64_t size;
        if (nf == 0 || fl[0][0] == '#') {
            /* comment */
        } else if (fl[0][0] == 'd' && nf == 2) {
            if (vfs_stat(ctx, fl[1], AT_SYMLINK_NOFOLLOW, &a) < 0 || !S_ISDIR(a.st_mode))
                ktest_fail(t, __FILE__, __LINE__, "%s: not a directory", fl[1]);
            checked++;
        } else if (fl[0][0] == 'f' && nf == 4) {
            int rc = ext2_test_cksum(ctx, fl[3], &crc, &size);
            if (rc < 0 || crc != (uint32_t)ext2_parse_u64(fl[1]) || size != ext2_parse_u64(fl[2]))
                ktest_fail(t, __FILE__, __LINE__, "%s: rc %d cksum %u size %llu, want %s %s", fl[3], rc, crc,
                           (unsigned long long)size, fl[1], fl[2]);
            checked++;
        } else if (fl[0][0] == 'p' && nf == 6) {
            int rc = vfs_stat(ctx, fl[5], 0, &a);
            if (rc == 0)
                rc = ext2_test_cksum_range(ctx, fl[5], ext2_parse_u64(fl[3]), ext2_parse_u64(fl[2]), &crc, &size);
            if (rc < 0 || (uint64_t)a.st_size != ext2_parse_u64(fl[4]) || crc != (uint32_t)ext2_parse_u64(fl[1]))
                ktest_fail(t, __FILE__, __LINE__, "%s: piece mismatch (rc %d)", fl[5], rc);
            checked++;
        } else if (fl[0][0] == 'l' && nf == 3) {
            ssize_t len = vfs_readlink(ctx, fl[1], target, sizeof(target) - 1);
            if (len < 0 || (size_t)len != strlen(fl[2]) || memcmp(target, fl[2], (size_t)len) != 0)
                ktest_fail(t, __FILE__, __LINE__, "%s: symlink target mismatch (%zd)", fl[1], len);
            checked++;
        } else if (fl[0][0] == 'h' && nf == 3) {
            if (vfs_stat(ctx, fl[1], AT_SYMLINK_NOFOLLOW, &a) < 0 || vfs_stat(ctx, fl[2], AT_SYMLINK_NOFOLLOW, &b) < 0 ||
                a.st_ino != b.st_ino || a.st_nlink < 2)
                ktest_fail(t, __FILE__, __LINE__, "%s and %s are not one inode", fl[1], fl[2]);
            checked++;
        } else if (fl[0][0] == 'a' && nf == 2) {
            if (vfs_stat(ctx, fl[1], AT_SYMLINK_NOFOLLOW, &a) != -ENOENT)
                ktest_fail(t, __FILE__, __LINE__, "%s should not exist", fl[1]);
            checked++;
        } else {
            ktest_fail(t, __FILE__, __LINE__, "bad manifest line in %s", path);
        }
        if (!end)
            break;
        line = end + 1;
    }
    kfree(text);
    return checked;
}
#endif
