/* What the storage self-tests know about the disks make test attaches
 * (tools/mktestdisks.sh builds them):
 *   hda  MBR disk: hda1 ext2 with 1 KiB blocks, hda2 ext2 with 4 KiB blocks,
 *        both filled by tools/mkdisk-fixtures.sh (with /MANIFEST), then
 *        unpartitioned scratch space up to the end of the disk;
 *   hdb  corrupt ext2 images, one after another, described by a text table
 *        in its first sector (tools/mkcorrupt.sh);
 *   hdd  a sparse disk larger than 128 GiB, for LBA48.
 * Tests write only to hda's scratch space, to hdd, and to the file systems
 * in ways the host checks afterwards (tools/check-disk.sh). */
#ifndef TESTS_KERNEL_DISK_TEST_H
#define TESTS_KERNEL_DISK_TEST_H
#include "drivers/block.h"
#include "kernel/selftest.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The last DISK_SCRATCH_SECTORS sectors of hda belong to the tests. */
#define DISK_SCRATCH_SECTORS    8192u
#define DISK_LBA48_MIN_SECTORS  (1ull << 28)

static inline uint32_t disk_test_rand(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

static inline void disk_test_fill(void *buf, size_t len, uint32_t seed)
{
    uint32_t s = seed | 1;
    uint8_t *p = buf;
    for (size_t i = 0; i < len; i++)
        p[i] = (uint8_t)(disk_test_rand(&s) >> 24);
}

/* POSIX cksum (what `cksum` prints): CRC-32 with polynomial 0x04C11DB7,
 * most significant bit first, over the data and then its length. */
struct disk_cksum {
    uint32_t crc;
    uint64_t len;
};

static inline uint32_t disk_cksum_step(uint32_t crc, uint8_t byte)
{
    static uint32_t table[256];
    static bool ready;
    if (!ready) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i << 24;
            for (int k = 0; k < 8; k++)
                c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
            table[i] = c;
        }
        ready = true;
    }
    return (crc << 8) ^ table[(crc >> 24) ^ byte];
}

static inline void disk_cksum_add(struct disk_cksum *c, const void *data, size_t len)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < len; i++)
        c->crc = disk_cksum_step(c->crc, p[i]);
    c->len += len;
}

static inline uint32_t disk_cksum_final(const struct disk_cksum *c)
{
    uint32_t crc = c->crc;
    for (uint64_t n = c->len; n; n >>= 8)
        crc = disk_cksum_step(crc, (uint8_t)n);
    return ~crc;
}

/* First sector of hda's scratch space, after checking that no partition
 * reaches into it; 0 (never valid) if hda is missing or the layout is off. */
static inline uint64_t disk_test_scratch_start(struct ktest_ctx *t, struct block_device **hda)
{
    *hda = block_find("hda");
    if (!*hda) {
        ktest_fail(t, __FILE__, __LINE__, "no hda: make test attaches the test disk");
        return 0;
    }
    uint64_t start = (*hda)->sector_count - DISK_SCRATCH_SECTORS;
    for (int i = 1; i <= 4; i++) {
        char name[8] = { 'h', 'd', 'a', (char)('0' + i), 0 };
        struct block_device *p = block_find(name);
        if (p && p->start_sector + p->sector_count > start) {
            ktest_fail(t, __FILE__, __LINE__, "%s overlaps the scratch space", name);
            return 0;
        }
    }
    return start;
}
#endif
