/* Host tests of the ext2 core against hostile images. The real kernel
 * sources (block layer, block cache, every ext2 core file) are compiled
 * here over small shims, on images that mke2fs makes at run time. A
 * deterministic mutation loop then damages the metadata (superblock, group
 * descriptors, bitmaps, inode tables, directory and indirect blocks) and
 * drives mount, a full walk, reads and writes over each result under
 * ASan/UBSan: any crash, sanitizer report, assertion, hang (every walk is
 * bounded) or error outside the expected set fails the test.
 *
 * Regressions: a mutation that breaks the code goes into
 * ext2_regressions[] below as (image kind, seed) and is replayed first on
 * every run (the images are made deterministically, so the bytes are the
 * same). None has broken it so far; the one entry keeps the replay path
 * itself exercised. */
#include "host_test.h"
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

size_t strlcpy(char *dst, const char *src, size_t size);

/* ---- kernel shims ------------------------------------------------------ */
#define EXT2_CACHE_BYTES (64u * 1024)
#define BLOCK_MBR_HOST_TEST 1
#include "kernel/mutex.h"
#include "kernel/printk.h"
#include "kernel/spinlock.h"
#include "mm/heap.h"

static int shim_verbose;
static long shim_allocs;

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t n = strlen(src);
    if (size) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(dst, src, k);
        dst[k] = 0;
    }
    return n;
}

int vprintk(const char *fmt, va_list ap) { return shim_verbose ? vfprintf(stderr, fmt, ap) : 0; }
int printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vprintk(fmt, ap);
    va_end(ap);
    return n;
}
void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "PANIC: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}
void *kmalloc(size_t size) { shim_allocs++; return malloc(size ? size : 1); }
void *kzalloc(size_t size) { shim_allocs++; return calloc(1, size ? size : 1); }
void *kcalloc(size_t n, size_t size) { shim_allocs++; return calloc(n ? n : 1, size ? size : 1); }
void *kmalloc_aligned(size_t size, size_t align)
{
    void *p = NULL;
    shim_allocs++;
    return posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size) ? NULL : p;
}
void kfree(void *p)
{
    if (p)
        shim_allocs--;
    free(p);
}
void mutex_init(struct mutex *m, const char *name) { m->owner = NULL; m->name = name; }
void mutex_lock(struct mutex *m)
{
    if (m->owner)
        panic("mutex %s locked twice", m->name);
    m->owner = (struct thread *)1;
}
void mutex_unlock(struct mutex *m)
{
    if (!m->owner)
        panic("mutex %s unlocked while free", m->name);
    m->owner = NULL;
}
bool mutex_is_held(const struct mutex *m) { return m->owner != NULL; }
irqflags_t spin_lock_irqsave(struct spinlock *l) { l->locked = 1; return 0; }
void spin_unlock_irqrestore(struct spinlock *l, irqflags_t f) { (void)f; l->locked = 0; }
bool spin_is_held(const struct spinlock *l) { return l->locked; }
uint32_t ext2_now(void) { return 1700000000u; }

#include "../../drivers/block.c"
#include "../../drivers/block_mbr.c"
#include "../../fs/bcache.c"
#include "../../fs/ext2/check.c"
#include "../../fs/ext2/super.c"
#include "../../fs/ext2/alloc.c"
#include "../../fs/ext2/inode.c"
#include "../../fs/ext2/bmap.c"
#include "../../fs/ext2/file.c"
#include "../../fs/ext2/dir.c"
#include "../../fs/ext2/namei.c"

/* ---- a memory disk ------------------------------------------------------ */
static uint8_t *disk_data;
static size_t disk_size;
static int disk_mem_read(struct block_device *bd, uint64_t s, uint32_t n, void *buf)
{
    (void)bd;
    memcpy(buf, disk_data + s * 512, (size_t)n * 512);
    return 0;
}
static int disk_mem_write(struct block_device *bd, uint64_t s, uint32_t n, const void *buf)
{
    (void)bd;
    memcpy(disk_data + s * 512, buf, (size_t)n * 512);
    return 0;
}
static const struct block_device_ops disk_mem_ops = { disk_mem_read, disk_mem_write, NULL };
static struct block_device disk_bd = { .name = "fuzz", .sector_size = 512, .ops = &disk_mem_ops };

/* ---- images ----------------------------------------------------------- */
struct image {
    const char *name;
    unsigned block_size;
    unsigned blocks;
    uint8_t *data;
    size_t size;
};

static struct image images[] = {
    { "1k", 1024, 600, NULL, 0 },
    { "4k", 4096, 256, NULL, 0 },
};

static void write_file(const char *path, size_t size, unsigned seed)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    for (size_t i = 0; i < size; i++)
        fputc((int)((i * 131 + seed * 7) >> 3 & 0xFF), f);
    fclose(f);
}

/* A small tree with everything the walk should meet: nested directories,
 * a directory spanning blocks, files reaching the double indirect block,
 * a hole, fast and slow symlinks, a hard link, a device node. */
static int make_images(void)
{
    char dir[] = "/tmp/kestrel-ext2-host.XXXXXX";
    if (!mkdtemp(dir))
        return -1;
    char cmd[1024], p[600];
    snprintf(cmd, sizeof(cmd),
             "set -e; cd %s; mkdir -p root/a/b/c root/many root/empty; cd root; "
             "for i in $(seq 1 60); do echo $i > many/entry-number-$i; done; "
             "ln -s a/b target-fast; ln -s $(printf 'x%%.0s' $(seq 1 100)) target-slow; "
             "echo hi > a/b/c/deep; ln a/b/c/deep hard; mkfifo fifo",
             dir);
    if (system(cmd) != 0)
        return -1;
    snprintf(p, sizeof(p), "%s/root/double.bin", dir);
    write_file(p, 300 * 1024, 1);
    snprintf(p, sizeof(p), "%s/root/small.bin", dir);
    write_file(p, 5000, 2);
    snprintf(p, sizeof(p), "%s/root/sparse.bin", dir);
    write_file(p, 10, 3);
    if (truncate(p, 200000) != 0)
        return -1;
    for (unsigned i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
        struct image *im = &images[i];
        snprintf(p, sizeof(p), "%s/%s.img", dir, im->name);
        /* Fixed time, UUID and hash seed: the same image on every run, so
         * a (kind, seed) regression entry always replays the same bytes. */
        snprintf(cmd, sizeof(cmd),
                 "E2FSPROGS_FAKE_TIME=1700000000 mke2fs -q -F -t ext2 -b %u -N 128 "
                 "-U 01234567-89ab-cdef-0123-456789abcdef -E hash_seed=01234567-89ab-cdef-0123-456789abcdef "
                 "-d %s/root %s %u >/dev/null",
                 im->block_size, dir, p, im->blocks);
        if (system(cmd) != 0)
            return -1;
        FILE *f = fopen(p, "rb");
        if (!f)
            return -1;
        im->size = (size_t)im->block_size * im->blocks;
        im->data = malloc(im->size);
        if (!im->data || fread(im->data, 1, im->size, f) != im->size)
            return -1;
        fclose(f);
    }
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- exercising the core ---------------------------------------------- */
static bool error_expected(long rc)
{
    switch (-rc) {
    case 0: case ENOENT: case EUCLEAN: case EIO: case EINVAL: case ENOSPC: case EFBIG:
    case ENOTEMPTY: case EEXIST: case ENAMETOOLONG: case EMLINK: case EROFS:
        return true;
    default:
        return false;
    }
}

static int unexpected;
static unsigned stat_mounted, stat_lookups, stat_reads, stat_changed;
static void expect(long rc, const char *what)
{
    if (!error_expected(rc)) {
        unexpected++;
        fprintf(stderr, "unexpected result %ld from %s\n", rc, what);
    }
}

static int io_put(void *ctx, size_t at, const void *src, size_t n)
{
    uint8_t *buf = ctx;
    if (src)
        memcpy(buf + at, src, n);
    else
        memset(buf + at, 0, n);
    return 0;
}
static int io_get(void *ctx, size_t at, void *dst, size_t n)
{
    const uint8_t *buf = ctx;
    memcpy(dst, buf + at, n);
    return 0;
}

struct walk {
    struct ext2_fs *fs;
    unsigned inodes_left;
    uint64_t bytes_left;
    uint32_t names[64];
    char name_buf[64][256];
    unsigned nnames;
};

static bool walk_collect(void *ctx, const char *name, size_t len, uint32_t ino, uint8_t type, uint64_t next)
{
    (void)ino, (void)type, (void)next;
    struct walk *w = ctx;
    if (w->nnames == 64)
        return false;
    memcpy(w->name_buf[w->nnames], name, len);
    w->name_buf[w->nnames][len] = 0;
    w->nnames++;
    return true;
}

static void walk_dir(struct walk *w, struct ext2_node *dir, unsigned depth)
{
    uint64_t pos = 0;
    /* Names are collected a batch at a time, then looked up; a batch that
     * ends early resumes from pos. */
    for (unsigned rounds = 0; rounds < 64 && w->inodes_left; rounds++) {
        struct walk batch = *w;
        batch.nnames = 0;
        uint64_t before = pos;
        int rc = ext2_dir_iterate(w->fs, dir, &pos, walk_collect, &batch);
        expect(rc, "iterate");
        if (rc < 0 || batch.nnames == 0 || pos == before)
            return;
        for (unsigned i = 0; i < batch.nnames && w->inodes_left; i++) {
            const char *name = batch.name_buf[i];
            if (!strcmp(name, ".") || !strcmp(name, ".."))
                continue;
            struct ext2_node child;
            w->inodes_left--;
            rc = ext2_lookup(w->fs, dir, name, &child);
            expect(rc, "lookup");
            if (rc < 0)
                continue;
            stat_lookups++;
            uint16_t type = child.raw.i_mode & 0xF000;
            if (type == 0x4000 && depth < 8) {
                walk_dir(w, &child, depth + 1);
            } else if (type == 0x8000 && w->bytes_left) {
                static uint8_t buf[65536];
                struct ext2_io io = { io_put, NULL, buf };
                for (uint64_t off = 0; off < 400000 && w->bytes_left; off += sizeof(buf)) {
                    int64_t n = ext2_file_read(w->fs, &child, off, sizeof(buf), &io);
                    expect(n < 0 ? n : 0, "read");
                    if (n <= 0)
                        break;
                    stat_reads++;
                    w->bytes_left = w->bytes_left > (uint64_t)n ? w->bytes_left - (uint64_t)n : 0;
                }
            } else if (type == 0xA000) {
                char target[4096];
                expect(ext2_readlink(w->fs, &child, target, sizeof(target)) < 0 ? -EUCLEAN : 0, "readlink");
            }
        }
    }
}

/* Changes that go through allocation, directories, truncation, renames. */
static void mutate_fs(struct ext2_fs *fs, struct ext2_node *root)
{
    static uint8_t data[20000];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)i;
    struct ext2_io io = { NULL, io_get, data };
    struct ext2_new file = { 0x81A4, 0, 0, 0, 0, NULL }, dir = { 0x41ED, 0, 0, 0, 0, NULL };
    struct ext2_node f, d, g;
    long rc = ext2_create(fs, root, "new-file", &file, &f);
    expect(rc, "create");
    if (rc == 0) {
        expect(ext2_file_write(fs, &f, 0, sizeof(data), &io) < 0 ? -ENOSPC : 0, "write");
        expect(ext2_file_write(fs, &f, 300000, 100, &io) < 0 ? -ENOSPC : 0, "write far");
        expect(ext2_truncate(fs, &f, 3000), "truncate");
    }
    rc = ext2_create(fs, root, "new-dir", &dir, &d);
    expect(rc, "mkdir");
    if (rc == 0 && ext2_create(fs, &d, "inner", &file, &g) == 0) {
        expect(ext2_unlink(fs, &d, "inner", &g), "unlink");
        if (g.raw.i_links_count == 0)
            expect(ext2_node_delete(fs, &g), "delete");
        expect(ext2_rename(fs, root, "new-dir", &d, root, "renamed-dir", NULL), "rename");
        expect(ext2_rmdir(fs, root, "renamed-dir", &d), "rmdir");
        if (d.raw.i_links_count == 0)
            expect(ext2_node_delete(fs, &d), "delete dir");
    }
    /* Whatever exists in the fixture tree: remove some, truncate some. */
    struct ext2_node victim;
    if (ext2_lookup(fs, root, "double.bin", &victim) == 0 && (victim.raw.i_mode & 0xF000) == 0x8000)
        expect(ext2_truncate(fs, &victim, 1000), "truncate fixture");
    if (ext2_lookup(fs, root, "small.bin", &victim) == 0 && (victim.raw.i_mode & 0xF000) == 0x8000) {
        expect(ext2_unlink(fs, root, "small.bin", &victim), "unlink fixture");
        if (victim.raw.i_links_count == 0)
            expect(ext2_node_delete(fs, &victim), "delete fixture");
    }
}

/* Mounts the current disk, walks and changes it, unmounts. */
static void exercise(bool writable)
{
    disk_bd.sector_count = disk_size / 512;
    disk_bd.read_only = !writable;
    struct ext2_fs *fs;
    long rc = ext2_fs_open(&disk_bd, !writable, &fs);
    expect(rc, "mount");
    if (rc < 0)
        return;
    stat_mounted++;
    mutex_lock(&fs->lock);
    struct ext2_node root;
    rc = ext2_node_load(fs, EXT2_ROOT_INO, &root);
    expect(rc, "root");
    if (rc == 0) {
        struct walk w = { .fs = fs, .inodes_left = 300, .bytes_left = 2u << 20 };
        walk_dir(&w, &root, 0);
        if (writable && !fs->readonly) {
            mutate_fs(fs, &root);
            stat_changed++;
        }
    }
    mutex_unlock(&fs->lock);
    ext2_fs_close(fs);
}

/* ---- mutations ---------------------------------------------------------- */
static uint32_t rng_state;
static uint32_t rnd(void)
{
    uint32_t x = rng_state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return rng_state = x;
}

/* Damage aimed where parsing happens: the first blocks of the image hold
 * the superblock, descriptors, bitmaps, inode table and the first
 * directories. Values favour the interesting: 0, all ones, small, huge. */
static void mutate(uint8_t *img, size_t size, unsigned bs)
{
    unsigned count = 1 + rnd() % 8;
    size_t hot = (size_t)bs * 64 < size ? (size_t)bs * 64 : size;
    for (unsigned i = 0; i < count; i++) {
        size_t off = (rnd() % 4 == 0) ? rnd() % size : (rnd() % 3 == 0 ? 1024 + rnd() % 1024 : rnd() % hot);
        switch (rnd() % 6) {
        case 0: img[off] ^= (uint8_t)(1u << (rnd() % 8)); break;
        case 1: img[off] = (uint8_t)rnd(); break;
        case 2: img[off] = 0; break;
        case 3: img[off] = 0xFF; break;
        case 4:
            if (off + 4 <= size) {
                uint32_t v = rnd() % 3 == 0 ? 0xFFFFFFFFu : rnd() % 2 ? rnd() % 4096 : rnd();
                memcpy(img + off, &v, 4);
            }
            break;
        case 5:
            if (off + 2 <= size) {
                uint16_t v = (uint16_t)(rnd() % 3 == 0 ? 0 : rnd() % 2 ? 8 + 4 * (rnd() % 300) : rnd());
                memcpy(img + off, &v, 2);
            }
            break;
        }
    }
}

static void run_case(unsigned kind, uint32_t seed)
{
    const struct image *im = &images[kind];
    disk_size = im->size;
    memcpy(disk_data, im->data, im->size);
    rng_state = seed * 2654435761u + 1;
    mutate(disk_data, disk_size, im->block_size);
    bool writable = (seed / 2) % 2 == 0;
    int before = unexpected;
    exercise(writable);
    if (writable)   /* what the core wrote must still mount and walk */
        exercise(false);
    if (unexpected != before)
        fprintf(stderr, "  ... in case (%s, %u)\n", im->name, seed);
}

/* (image kind, seed) pairs to replay on every run. */
static const struct { unsigned kind; uint32_t seed; } ext2_regressions[] = {
    { 0, 0 },
};

static void test_pristine(void)
{
    for (unsigned k = 0; k < sizeof(images) / sizeof(images[0]); k++) {
        disk_size = images[k].size;
        memcpy(disk_data, images[k].data, disk_size);
        disk_bd.sector_count = disk_size / 512;
        disk_bd.read_only = false;
        struct ext2_fs *fs;
        CHECK(ext2_fs_open(&disk_bd, false, &fs) == 0);
        mutex_lock(&fs->lock);
        struct ext2_node root, n;
        CHECK(ext2_node_load(fs, EXT2_ROOT_INO, &root) == 0);
        CHECK(ext2_lookup(fs, &root, "double.bin", &n) == 0 && ext2_node_size(&n) == 300 * 1024);
        CHECK(ext2_lookup(fs, &root, "target-slow", &n) == 0 && !ext2_node_is_fast_symlink(fs, &n));
        CHECK(ext2_lookup(fs, &root, "nope", &n) == -ENOENT);
        uint32_t free_blocks = fs->sb.s_free_blocks_count;
        mutate_fs(fs, &root);
        mutex_unlock(&fs->lock);
        ext2_fs_close(fs);
        CHECK(unexpected == 0);
        /* Second mount sees the changes; blocks of the removed file are back. */
        CHECK(ext2_fs_open(&disk_bd, true, &fs) == 0);
        mutex_lock(&fs->lock);
        CHECK(ext2_node_load(fs, EXT2_ROOT_INO, &root) == 0);
        CHECK(ext2_lookup(fs, &root, "new-file", &n) == 0 && ext2_node_size(&n) == 3000);
        CHECK(ext2_lookup(fs, &root, "small.bin", &n) == -ENOENT);
        CHECK(ext2_lookup(fs, &root, "renamed-dir", &n) == -ENOENT);
        CHECK(fs->sb.s_free_blocks_count > free_blocks - 10);
        mutex_unlock(&fs->lock);
        ext2_fs_close(fs);
        /* And e2fsck agrees that what the core wrote is consistent. */
        char path[] = "/tmp/kestrel-ext2-check.XXXXXX", cmd[128];
        int fd = mkstemp(path);
        CHECK(fd >= 0 && write(fd, disk_data, disk_size) == (ssize_t)disk_size);
        close(fd);
        snprintf(cmd, sizeof(cmd), "e2fsck -fn %s >/dev/null 2>&1", path);
        int fsck = system(cmd);
        if (fsck != 0) {
            snprintf(cmd, sizeof(cmd), "e2fsck -fn %s >&2", path);
            (void)system(cmd);
        }
        CHECK(fsck == 0);
        unlink(path);
        /* The MBR parser finds no table in an ext2 image. */
        struct mbr_partition parts[4];
        const char *why[4];
        CHECK(mbr_parse(images[k].data, disk_size / 512, parts, why) == -1);
    }
}

static void test_mbr_fuzz(void)
{
    uint8_t sector[512];
    rng_state = 12345;
    for (int i = 0; i < 20000; i++) {
        for (int k = 0; k < 512; k++)
            sector[k] = (uint8_t)rnd();
        sector[510] = 0x55;
        sector[511] = 0xAA;
        struct mbr_partition parts[4];
        const char *why[4];
        uint64_t disk = 1 + rnd() % 100000;
        int n = mbr_parse(sector, disk, parts, why);
        CHECK(n >= 0 && n <= 4);
        for (int k = 0; k < 4; k++)
            if (parts[k].type != MBR_TYPE_EMPTY)
                CHECK(parts[k].start > 0 && parts[k].start + parts[k].count <= disk);
    }
}

#ifdef EXT2_LIBFUZZER
/* libFuzzer entry (tools/fuzz-ext2.sh): byte 0 picks the image, byte 1
 * whether to mount writable, then 4-byte records patch one byte each
 * (24-bit offset, value). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static bool ready;
    if (!ready) {
        if (make_images() < 0)
            abort();
        disk_data = malloc(images[0].size > images[1].size ? images[0].size : images[1].size);
        ready = true;
    }
    if (size < 2)
        return 0;
    const struct image *im = &images[data[0] & 1];
    disk_size = im->size;
    memcpy(disk_data, im->data, im->size);
    for (size_t i = 2; i + 4 <= size; i += 4) {
        size_t off = ((size_t)data[i] | (size_t)data[i + 1] << 8 | (size_t)data[i + 2] << 16) % im->size;
        disk_data[off] = data[i + 3];
    }
    bool writable = data[1] & 1;
    exercise(writable);
    if (writable)
        exercise(false);
    if (unexpected)
        abort();
    return 0;
}
#else
int main(int argc, char **argv)
{
    unsigned iterations = argc > 1 ? (unsigned)atoi(argv[1]) : 8000;
    shim_verbose = getenv("EXT2_FUZZ_VERBOSE") != NULL;
    if (make_images() < 0) {
        fprintf(stderr, "test_ext2: cannot make the images (is mke2fs installed? tools/install-deps.sh)\n");
        return 1;
    }
    disk_data = malloc(images[0].size > images[1].size ? images[0].size : images[1].size);
    test_pristine();
    test_mbr_fuzz();
    for (unsigned i = 0; i < sizeof(ext2_regressions) / sizeof(ext2_regressions[0]); i++)
        run_case(ext2_regressions[i].kind, ext2_regressions[i].seed);
    time_t start = time(NULL);
    unsigned done = 0;
    for (uint32_t seed = 1; seed <= iterations && time(NULL) - start < 600; seed++, done++)
        run_case(seed % 2, seed);
    CHECK(unexpected == 0);
    CHECK(shim_allocs == 0);
    printf("test_ext2: %u mutated images: %u mounts, %u lookups, %u reads, %u changed\n", done, stat_mounted,
           stat_lookups, stat_reads, stat_changed);
    for (unsigned k = 0; k < 2; k++)
        free(images[k].data);
    free(disk_data);
    return host_test_finish("test_ext2");
}
#endif
