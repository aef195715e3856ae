/* initrd: ustar archives built in memory, good and malformed, unpacked into
 * a private ramfs. */
#include "fs/initrd.h"
#include "fs/ustar_parse.h"
#include "test_fs_helpers.h"

/* A tiny tar writer for the tests. */
struct tar_builder {
    uint8_t *buf;
    size_t cap, len;
};

static void tar_octal(uint8_t *field, size_t width, uint64_t v)
{
    /* width-1 digits and a NUL, like most archivers. */
    field[width - 1] = '\0';
    for (size_t i = width - 1; i-- > 0;) {
        field[i] = (uint8_t)('0' + (v & 7));
        v >>= 3;
    }
}

static void tar_checksum(uint8_t *h)
{
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += h[i];
    tar_octal(h + 148, 7, sum);
    h[155] = ' ';
}

/* Appends an entry; returns its header for tampering. */
static uint8_t *tar_add(struct tar_builder *tb, const char *name, char type, unsigned mode, unsigned uid,
                        unsigned gid, uint64_t mtime, const char *link, const void *data, size_t size)
{
    size_t need = 512 + ((size + 511) & ~(size_t)511);
    if (tb->len + need + 1024 > tb->cap)
        return NULL;
    uint8_t *h = tb->buf + tb->len;
    memset(h, 0, need);
    strlcpy((char *)h, name, 100);
    tar_octal(h + 100, 8, mode);
    tar_octal(h + 108, 8, uid);
    tar_octal(h + 116, 8, gid);
    tar_octal(h + 124, 12, size);
    tar_octal(h + 136, 12, mtime);
    h[156] = (uint8_t)type;
    if (link)
        strlcpy((char *)h + 157, link, 100);
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    if (size)
        memcpy(h + 512, data, size);
    tar_checksum(h);
    tb->len += need;
    return h;
}

/* The end marker: two zero blocks. */
static size_t tar_finish(struct tar_builder *tb)
{
    memset(tb->buf + tb->len, 0, 1024);
    tb->len += 1024;
    return tb->len;
}

static uint8_t tar_space[64 * 1024];

static void build_good_archive(struct tar_builder *tb)
{
    tb->buf = tar_space;
    tb->cap = sizeof(tar_space);
    tb->len = 0;
    tar_add(tb, "./", '5', 0755, 0, 0, 100, NULL, NULL, 0);
    tar_add(tb, "./etc/", '5', 0750, 0, 10, 1111, NULL, NULL, 0);
    tar_add(tb, "./etc/motd", '0', 0644, 5, 6, 2222, NULL, "Welcome to Kestrel\n", 19);
    tar_add(tb, "./bin/sh", '0', 04755, 0, 0, 3333, NULL, "\x7f" "ELF", 4);   /* no dir entry for bin */
    tar_add(tb, "./bin/ksh", '1', 0, 0, 0, 0, "./bin/sh", NULL, 0);
    tar_add(tb, "./etc/issue", '2', 0777, 0, 0, 4444, "motd", NULL, 0);
    tar_add(tb, "./empty", '0', 0600, 0, 0, 0, NULL, NULL, 0);
}

KTEST(fs_initrd, unpack_good_archive)
{
    struct tar_builder tb;
    build_good_archive(&tb);
    size_t len = tar_finish(&tb);
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct vfs_context *c = &ft.ctx;
    KT_CHECK_EQ(t, initrd_unpack(tar_space, len, ft.fs->root), 6);
    char buf[64];
    struct stat st;
    KT_CHECK_EQ(t, fs_test_read(c, "/etc/motd", buf, sizeof(buf)), 19);
    KT_CHECK(t, strcmp(buf, "Welcome to Kestrel\n") == 0);
    KT_CHECK_EQ(t, vfs_stat(c, "/etc/motd", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_mode, S_IFREG | 0644);
    KT_CHECK_EQ(t, st.st_uid, 5);
    KT_CHECK_EQ(t, st.st_gid, 6);
    KT_CHECK_EQ(t, st.st_mtim.tv_sec, 2222);
    KT_CHECK_EQ(t, vfs_stat(c, "/etc", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_mode, S_IFDIR | 0750);
    KT_CHECK_EQ(t, st.st_gid, 10);
    KT_CHECK_EQ(t, st.st_mtim.tv_sec, 1111);      /* restored after its children */
    KT_CHECK_EQ(t, vfs_stat(c, "/bin/sh", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_mode, S_IFREG | 04755);
    KT_CHECK_EQ(t, st.st_nlink, 2);
    struct stat st2;
    KT_CHECK_EQ(t, vfs_stat(c, "/bin/ksh", 0, &st2), 0);
    KT_CHECK_EQ(t, st.st_ino, st2.st_ino);
    KT_CHECK_EQ(t, vfs_stat(c, "/bin", 0, &st), 0);
    KT_CHECK(t, S_ISDIR(st.st_mode));
    KT_CHECK_EQ(t, vfs_readlink(c, "/etc/issue", buf, sizeof(buf)), 4);
    KT_CHECK(t, memcmp(buf, "motd", 4) == 0);
    KT_CHECK_EQ(t, fs_test_read(c, "/etc/issue", buf, sizeof(buf)), 19);
    KT_CHECK_EQ(t, vfs_stat(c, "/empty", 0, &st), 0);
    KT_CHECK_EQ(t, st.st_size, 0);

    /* Unpacking again replaces files in place. */
    KT_CHECK_EQ(t, initrd_unpack(tar_space, len, ft.fs->root), 6);
    KT_CHECK_EQ(t, fs_test_read(c, "/etc/motd", buf, sizeof(buf)), 19);
    fs_test_teardown(t, &ft);
}

KTEST(fs_initrd, refuses_malformed_archives)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    struct tar_builder tb;
    size_t len;

    /* A flipped byte breaks the checksum: nothing at all is unpacked. */
    build_good_archive(&tb);
    len = tar_finish(&tb);
    tar_space[512 * 2 + 5] ^= 1;    /* in the motd header's name */
    KT_CHECK_EQ(t, initrd_unpack(tar_space, len, ft.fs->root), -EINVAL);
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/etc"));

    /* Truncated in the middle of file data, or of a header. */
    build_good_archive(&tb);
    KT_CHECK_EQ(t, initrd_unpack(tar_space, 512 * 3 + 10, ft.fs->root), -EINVAL);
    KT_CHECK_EQ(t, initrd_unpack(tar_space, 512 * 4 + 10, ft.fs->root), -EINVAL);
    KT_CHECK_EQ(t, initrd_unpack(tar_space, 512 * 2 + 100, ft.fs->root), -EINVAL);
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/etc"));

    /* A size that is not octal, or larger than the archive. */
    build_good_archive(&tb);
    len = tar_finish(&tb);
    uint8_t *h = tar_space + 512 * 2;
    h[124 + 3] = '9';
    tar_checksum(h);
    KT_CHECK_EQ(t, initrd_unpack(tar_space, len, ft.fs->root), -EINVAL);
    tar_octal(h + 124, 12, 1u << 30);
    tar_checksum(h);
    KT_CHECK_EQ(t, initrd_unpack(tar_space, len, ft.fs->root), -EINVAL);
    /* Not ustar at all. */
    build_good_archive(&tb);
    len = tar_finish(&tb);
    memcpy(tar_space + 257, "notar", 5);
    tar_checksum(tar_space);
    KT_CHECK_EQ(t, initrd_unpack(tar_space, len, ft.fs->root), -EINVAL);
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/etc"));
    fs_test_teardown(t, &ft);
}

KTEST(fs_initrd, skips_bad_entries)
{
    struct fs_test ft;
    KT_ASSERT(t, fs_test_setup(&ft, 0) == 0);
    KT_CHECK_EQ(t, vfs_mkdir(&ft.ctx, "/sub", 0755), 0);
    struct inode *sub;
    KT_ASSERT(t, vfs_resolve(&ft.ctx, "/sub", 0, &sub) == 0);
    struct tar_builder tb = { tar_space, sizeof(tar_space), 0 };
    tar_add(&tb, "../escape", '0', 0644, 0, 0, 0, NULL, "x", 1);
    tar_add(&tb, "a/../../escape2", '0', 0644, 0, 0, 0, NULL, "x", 1);
    tar_add(&tb, "/abs", '0', 0644, 0, 0, 0, NULL, "x", 1);
    tar_add(&tb, "dev", '3', 0644, 0, 0, 0, NULL, NULL, 0);
    tar_add(&tb, "badlink", '1', 0644, 0, 0, 0, "../x", NULL, 0);
    uint8_t *h = tar_add(&tb, "badmode", '0', 0644, 0, 0, 0, NULL, "x", 1);
    h[100] = 'z';
    tar_checksum(h);
    tar_add(&tb, "good", '0', 0640, 0, 0, 0, NULL, "ok", 2);
    size_t len = tar_finish(&tb);
    /* Unpacked below /sub: nothing may land outside it. */
    KT_CHECK_EQ(t, initrd_unpack(tar_space, len, sub), 1);
    KT_CHECK(t, fs_test_exists(&ft.ctx, "/sub/good"));
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/escape"));
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/escape2"));
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/abs"));
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/sub/abs"));
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/sub/dev"));
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/sub/badmode"));
    KT_CHECK(t, !fs_test_exists(&ft.ctx, "/sub/badlink"));
    inode_put(sub);
    fs_test_teardown(t, &ft);
}

KTEST(fs_initrd, parser_details)
{
    uint64_t v;
    KT_CHECK(t, ustar_parse_octal((const uint8_t *)"  0755 \0", 8, &v) && v == 0755);
    KT_CHECK(t, ustar_parse_octal((const uint8_t *)"\0\0\0\0", 4, &v) && v == 0);
    KT_CHECK(t, !ustar_parse_octal((const uint8_t *)"0758\0", 5, &v));
    KT_CHECK(t, !ustar_parse_octal((const uint8_t *)"07 5\0", 5, &v));
    KT_CHECK(t, !ustar_parse_octal((const uint8_t *)"7777777777777777777777", 22, &v));
    /* Data ending exactly at a block boundary without an end marker is a
     * clean end; an empty archive too. */
    struct tar_builder tb = { tar_space, sizeof(tar_space), 0 };
    tar_add(&tb, "f", '0', 0644, 0, 0, 0, NULL, "abc", 3);
    struct ustar_reader r;
    struct ustar_entry e;
    const char *why;
    ustar_reader_init(&r, tar_space, tb.len);
    KT_CHECK_EQ(t, ustar_next(&r, &e, &why), USTAR_ENTRY);
    KT_CHECK(t, strcmp(e.path, "f") == 0 && e.size == 3 && memcmp(e.data, "abc", 3) == 0);
    KT_CHECK_EQ(t, ustar_next(&r, &e, &why), USTAR_END);
    KT_CHECK_EQ(t, ustar_next(&r, &e, &why), USTAR_END);
    ustar_reader_init(&r, tar_space, 0);
    KT_CHECK_EQ(t, ustar_next(&r, &e, &why), USTAR_END);
}
